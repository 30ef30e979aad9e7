// Shared by every translation unit of the _streamforge extension: pybind11 includes, the type
// casters that turn streamforge enums and rationals into plain Python values, and the helpers
// that turn a non-OK Status into a streamforge.Error subclass.
//
// Every .cpp of the module must include this header (not pybind11 directly) so that all of them
// see the same casters (a caster visible in one file and not another is an ODR violation).
#pragma once

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/media/codec.h"

namespace py = pybind11;

namespace streamforge::python {

// ---- Errors ----------------------------------------------------------------------------------

// Thrown by the binding code (with or without the GIL held) when the library returns a non-OK
// Status; a registered translator raises the matching streamforge.Error subclass (see errors.cpp).
class StatusError : public std::exception {
 public:
  explicit StatusError(Status status) : status_(std::move(status)), what_(status_.to_string()) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  Status status_;
  std::string what_;
};

inline void check(const Status& status) {
  if (!status.ok()) throw StatusError(status);
}

template <typename T>
T unwrap(Result<T>&& result) {
  if (!result.ok()) throw StatusError(result.status());
  return std::move(result).value();
}

// The Python exception object (an instance of the right streamforge.Error subclass) for `status`.
// Needs the GIL.
py::object make_error(const Status& status);

// ---- Small conversions (need the GIL) ---------------------------------------------------------

// str / bytes / os.PathLike -> std::string (os.fspath semantics).
std::string fspath(py::handle path);

// json.loads(text) / json.dumps(obj).
py::object json_loads(const std::string& text);
std::string json_dumps(py::handle obj);

// ---- Module parts, one concept per file --------------------------------------------------------
void init_errors(py::module_& m);
void init_core(py::module_& m);
void init_probe(py::module_& m);
void init_ladder(py::module_& m);
void init_transcode(py::module_& m);
void init_test_clip(py::module_& m);
void init_abr(py::module_& m);
void init_metadata(py::module_& m);
void init_cdn_signing(py::module_& m);  // URL signers, token verifier (streamforge.cdn)
void init_cdn_delivery(py::module_& m);  // CDN selection, steering, purge (streamforge.cdn)
void init_storage(py::module_& m);

}  // namespace streamforge::python

// ---- Type casters ------------------------------------------------------------------------------
namespace pybind11::detail {

// Codec <-> str: "h264", "hevc", "aac", ... On input every alias codec_from_name knows ("avc",
// "h265", "hvc1", ...) is accepted, case-insensitively; an unknown name raises ValueError.
template <>
struct type_caster<streamforge::Codec> {
  PYBIND11_TYPE_CASTER(streamforge::Codec, const_name("str"));

  bool load(handle src, bool /*convert*/) {
    if (!isinstance<str>(src)) return false;
    std::string name = src.cast<std::string>();
    if (auto c = streamforge::codec_from_name(name)) {
      value = *c;
      return true;
    }
    if (name == "other") {
      value = streamforge::Codec::kOther;
      return true;
    }
    if (name == "unknown" || name.empty()) {
      value = streamforge::Codec::kUnknown;
      return true;
    }
    throw value_error("unknown codec '" + name + "' (h264, hevc, vp9, av1, aac, opus, mp3, ac3, eac3, webvtt)");
  }
  static handle cast(streamforge::Codec c, return_value_policy, handle) {
    std::string_view n = streamforge::codec_name(c);
    return PyUnicode_FromStringAndSize(n.data(), static_cast<Py_ssize_t>(n.size()));
  }
};

// MediaType <-> str: "video", "audio", "subtitle", "data", "unknown".
template <>
struct type_caster<streamforge::MediaType> {
  PYBIND11_TYPE_CASTER(streamforge::MediaType, const_name("str"));

  bool load(handle src, bool /*convert*/) {
    if (!isinstance<str>(src)) return false;
    std::string name = src.cast<std::string>();
    for (auto t : {streamforge::MediaType::kUnknown, streamforge::MediaType::kVideo, streamforge::MediaType::kAudio,
                   streamforge::MediaType::kSubtitle, streamforge::MediaType::kData}) {
      if (streamforge::media_type_name(t) == name) {
        value = t;
        return true;
      }
    }
    throw value_error("unknown media type '" + name + "' (video, audio, subtitle, data)");
  }
  static handle cast(streamforge::MediaType t, return_value_policy, handle) {
    std::string_view n = streamforge::media_type_name(t);
    return PyUnicode_FromStringAndSize(n.data(), static_cast<Py_ssize_t>(n.size()));
  }
};

// Rational <-> fractions.Fraction. On input: a Fraction (or any numbers.Rational, int included),
// a float (best approximation: 29.97 -> 30000/1001), or a string ("30000/1001", "25", "29.97").
// On output: Fraction, or None when the denominator is 0 (undefined).
template <>
struct type_caster<streamforge::Rational> {
  PYBIND11_TYPE_CASTER(streamforge::Rational, const_name("fractions.Fraction"));

  bool load(handle src, bool convert) {
    if (!src || isinstance<bool_>(src)) return false;
    if (PyFloat_Check(src.ptr())) {
      value = streamforge::rational_from_double(src.cast<double>());
      return true;
    }
    object frac;
    if (isinstance<str>(src)) {
      try {
        frac = module_::import("fractions").attr("Fraction")(src);
      } catch (error_already_set&) {
        throw value_error("not a rational number: '" + src.cast<std::string>() + "' (e.g. \"30000/1001\" or 25)");
      }
    } else if (hasattr(src, "numerator") && hasattr(src, "denominator")) {
      frac = reinterpret_borrow<object>(src);
    } else {
      return false;
    }
    object num = frac.attr("numerator"), den = frac.attr("denominator");
    if (!isinstance<int_>(num) || !isinstance<int_>(den)) return false;
    value = streamforge::Rational{num.cast<int64_t>(), den.cast<int64_t>()};
    return true;
  }
  static handle cast(const streamforge::Rational& r, return_value_policy, handle) {
    if (r.den == 0) return none().release();
    return module_::import("fractions").attr("Fraction")(r.num, r.den).release();
  }
};

}  // namespace pybind11::detail
