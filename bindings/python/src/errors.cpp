// The streamforge.Error hierarchy and the translation of a non-OK Status into it.
//
// The classes are written in Python (run once at import) so they behave like ordinary Python
// exceptions: keyword construction, pickling, and extra builtin bases where one fits
// (NotFoundError is also a FileNotFoundError, InvalidArgumentError also a ValueError, ...).
#include <array>
#include <cerrno>

#include <pybind11/eval.h>

#include "common.h"

namespace streamforge::python {
namespace {

constexpr const char* kErrorsSource = R"PY(
class Error(Exception):
    """Base class of every error streamforge raises for a failed call.

    Attributes:
        code:    stable lower-case status code, e.g. "invalid_argument", "data_loss".
        field:   path of the offending spec field, e.g. "video[1].height"; "" when not a spec error.
        message: what went wrong, in words a user can act on.
    str(error) is "<field>: <message>" (or just the message when there is no field).
    """
    code = "unknown"

    def __init__(self, message="", *, code=None, field=""):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self):
        return f"{self.field}: {self.message}" if self.field else self.message

    def __reduce__(self):
        return (type(self), (self.message,), {"code": self.code, "field": self.field})


def _make(name, code, bases, doc):
    return type(name, (Error,) + bases, {"code": code, "__doc__": doc, "__module__": "streamforge"})


Error.__module__ = "streamforge"
CancelledError = _make("CancelledError", "cancelled", (), "The job was cancelled through its CancelToken.")
UnknownError = _make("UnknownError", "unknown", (), "An error with no better code.")
InvalidArgumentError = _make("InvalidArgumentError", "invalid_argument", (ValueError,),
                             "A bad spec or parameter, or an input that is not media at all: fix the request.")
DeadlineExceededError = _make("DeadlineExceededError", "deadline_exceeded", (TimeoutError,), "A deadline passed.")
NotFoundError = _make("NotFoundError", "not_found", (FileNotFoundError,), "A missing file or key.")
AlreadyExistsError = _make("AlreadyExistsError", "already_exists", (FileExistsError,), "The target already exists.")
PermissionDeniedError = _make("PermissionDeniedError", "permission_denied", (PermissionError,),
                              "The operating system or a storage backend refused access.")
ResourceExhaustedError = _make("ResourceExhaustedError", "resource_exhausted", (),
                               "Out of memory, disk, quota or a similar resource.")
FailedPreconditionError = _make("FailedPreconditionError", "failed_precondition", (),
                                "The system is not in a state to do this.")
AbortedError = _make("AbortedError", "aborted", (), "The operation was aborted (e.g. a conflict); a retry may help.")
OutOfRangeError = _make("OutOfRangeError", "out_of_range", (), "A value or position past the valid range.")
UnimplementedError = _make("UnimplementedError", "unimplemented", (NotImplementedError,),
                           "A feature or codec this build does not have.")
InternalError = _make("InternalError", "internal", (), "A bug in streamforge or a library below it.")
UnavailableError = _make("UnavailableError", "unavailable", (),
                         "Storage, CDN or network unavailable; a retry may help.")
DataLossError = _make("DataLossError", "data_loss", (), "Corrupt or truncated media.")
del _make

ERROR_CLASSES = {cls.code: cls for cls in (
    CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError, AlreadyExistsError,
    PermissionDeniedError, ResourceExhaustedError, FailedPreconditionError, AbortedError, OutOfRangeError,
    UnimplementedError, InternalError, UnavailableError, DataLossError)}
)PY";

constexpr const char* kClassNames[] = {
    "Error", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError", "NotFoundError",
    "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError", "FailedPreconditionError",
    "AbortedError", "OutOfRangeError", "UnimplementedError", "InternalError", "UnavailableError", "DataLossError"};

// Borrowed from the module, kept alive on purpose for the life of the process (a static py::object
// would be destroyed after the interpreter is gone).
PyObject* g_error_classes = nullptr;  // dict code -> class
PyObject* g_error_base = nullptr;     // streamforge.Error

}  // namespace

py::object make_error(const Status& status) {
  std::string code(status_code_name(status.code()));
  py::handle cls = PyDict_GetItemString(g_error_classes, code.c_str());  // borrowed
  if (!cls) cls = g_error_base;
  py::object exc = cls(py::str(status.message()), py::arg("code") = code, py::arg("field") = status.field());
  if (status.code() == StatusCode::kNotFound) exc.attr("errno") = ENOENT;
  if (status.code() == StatusCode::kPermissionDenied) exc.attr("errno") = EACCES;
  return exc;
}

std::string fspath(py::handle path) {
  // os.fspath gives str or bytes; both cast to std::string (str as UTF-8).
  return py::module_::import("os").attr("fspath")(path).cast<std::string>();
}

py::object json_loads(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

std::string json_dumps(py::handle obj) { return py::module_::import("json").attr("dumps")(obj).cast<std::string>(); }

void init_errors(py::module_& m) {
  py::dict ns;
  ns["__builtins__"] = py::module_::import("builtins");
  ns["__name__"] = "streamforge";
  py::exec(kErrorsSource, ns);
  for (const char* name : kClassNames) m.attr(name) = ns[name];
  m.attr("ERROR_CLASSES") = ns["ERROR_CLASSES"];
  g_error_classes = ns["ERROR_CLASSES"].ptr();
  g_error_base = ns["Error"].ptr();
  Py_INCREF(g_error_classes);
  Py_INCREF(g_error_base);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      py::object exc = make_error(e.status());
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
    }
  });
}

}  // namespace streamforge::python
