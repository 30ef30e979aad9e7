// streamforge.cdn (signing part): URL signers built from a spec (dict or JSON text), CloudFront
// signed cookies, and the streamforge token verifier. Signing is sub-microsecond to a few hundred
// microseconds (RSA), so calls keep the GIL: that also keeps one signer from being used by two
// Python threads at once (signers are single-threaded, see cdn/url_signer.h).
#include <chrono>
#include <memory>
#include <string>

#include "common.h"
#include "streamforge/cdn/url_signer_spec.h"

namespace streamforge::python {
namespace {

int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string spec_text(py::handle spec) {
  if (py::isinstance<py::str>(spec)) return spec.cast<std::string>();
  if (py::isinstance<py::dict>(spec)) return json_dumps(spec);
  throw py::type_error("spec: expected a dict or a JSON string");
}

std::vector<uint8_t> key_bytes(py::handle key) {
  if (py::isinstance<py::bytes>(key)) {
    std::string b = key.cast<std::string>();
    return {b.begin(), b.end()};
  }
  if (py::isinstance<py::str>(key)) {
    std::string hex = key.cast<std::string>();
    std::vector<uint8_t> out;
    try {
      py::bytes b = py::module_::import("builtins").attr("bytes").attr("fromhex")(hex);
      std::string s = b;
      out.assign(s.begin(), s.end());
    } catch (py::error_already_set&) {
      throw StatusError(InvalidArgumentError("not a hex string", "key"));
    }
    return out;
  }
  throw py::type_error("key: expected bytes or a hex string");
}

struct PyUrlSigner {
  std::unique_ptr<cdn::UrlSigner> signer;
  cdn::UrlSignerSpec spec;  // kept for CloudFront cookies
};

}  // namespace

void init_cdn_signing(py::module_& parent) {
  py::module_ m = parent.def_submodule("cdn_signing", "CDN URL signers and the streamforge token verifier.");

  py::class_<PyUrlSigner>(m, "UrlSigner",
                          "Signs URLs for one CDN scheme (nginx, cloudfront, akamai, token). Not thread-safe: "
                          "one per thread.")
      .def_property_readonly("scheme", [](const PyUrlSigner& s) { return std::string(s.signer->scheme()); })
      .def(
          "sign",
          [](PyUrlSigner& s, const std::string& url, int64_t expires_at, const std::string& client_ip,
             int64_t starts_at) {
            return unwrap(s.signer->sign(
                {.url = url, .expires_at = expires_at, .client_ip = client_ip, .starts_at = starts_at}));
          },
          py::arg("url"), py::arg("expires_at"), py::arg("client_ip") = "", py::arg("starts_at") = 0,
          "The signed URL. expires_at/starts_at are Unix seconds.")
      .def(
          "signed_cookies",
          [](PyUrlSigner& s, const std::string& url, int64_t expires_at, const std::string& client_ip,
             int64_t starts_at) {
            auto* cf = dynamic_cast<cdn::CloudFrontSigner*>(s.signer.get());
            if (cf == nullptr) throw StatusError(InvalidArgumentError("signed cookies are CloudFront's", "scheme"));
            auto cookies = unwrap(
                cf->signed_cookies({.url = url, .expires_at = expires_at, .client_ip = client_ip, .starts_at = starts_at}));
            py::dict d;
            for (auto& [k, v] : cookies) d[py::str(k)] = v;
            return d;
          },
          py::arg("url"), py::arg("expires_at"), py::arg("client_ip") = "", py::arg("starts_at") = 0,
          "CloudFront only: {cookie name: value} (CloudFront-Expires or -Policy, -Signature, -Key-Pair-Id).");

  m.def(
      "url_signer",
      [](py::handle spec) {
        auto parsed = unwrap(cdn::UrlSignerSpec::from_json(spec_text(spec)));
        auto signer = unwrap(cdn::make_url_signer(parsed));
        return PyUrlSigner{std::move(signer), std::move(parsed)};
      },
      py::arg("spec"), "A UrlSigner from a spec dict or JSON text (see cdn/url_signer_spec.h).");

  py::class_<cdn::TokenVerifier>(m, "TokenVerifier", "Verifies streamforge tokens; thread-safe.")
      .def(py::init([](py::dict keys) {
             std::vector<cdn::TokenKey> list;
             for (auto item : keys) {
               list.push_back({item.first.cast<std::string>(), key_bytes(item.second)});
             }
             return unwrap(cdn::TokenVerifier::create(std::move(list)));
           }),
           py::arg("keys"), "keys: {kid: key (bytes or hex)}; use \"\" for tokens without a kid.")
      .def(
          "verify",
          [](const cdn::TokenVerifier& v, const std::string& token, const std::string& path, py::object now,
             const std::string& client_ip) {
            int64_t t = now.is_none() ? now_unix() : now.cast<int64_t>();
            auto claims = v.verify(token, path, t, client_ip);
            py::dict d;
            d["valid"] = claims.ok();
            if (claims.ok()) {
              d["prefix"] = claims->prefix;
              d["expires_at"] = claims->expires_at;
              d["kid"] = claims->kid;
              d["ip"] = claims->ip;
              d["reason"] = "";
              d["message"] = "";
            } else {
              static constexpr const char* kReasons[] = {"none",           "malformed",    "bad_signature", "expired",
                                                         "outside_prefix", "wrong_client", "other"};
              d["reason"] = kReasons[static_cast<int>(cdn::token_failure(claims.status()))];
              d["message"] = claims.status().message();
            }
            return d;
          },
          py::arg("token"), py::arg("path"), py::arg("now") = py::none(), py::arg("client_ip") = "");

  m.def("cloudfront_canned_policy", &cdn::cloudfront_canned_policy, py::arg("resource"), py::arg("expires_at"));
  m.def("cloudfront_custom_policy", &cdn::cloudfront_custom_policy, py::arg("resource"), py::arg("expires_at"),
        py::arg("starts_at") = 0, py::arg("ip") = "");
  m.def(
      "normalize_path", [](const std::string& p) { return unwrap(cdn::normalize_path(p)); }, py::arg("path"));
  m.def(
      "find_query_param",
      [](const std::string& url, const std::string& name) { return std::string(cdn::find_query_param(url, name)); },
      py::arg("url"), py::arg("name"));
}

}  // namespace streamforge::python
