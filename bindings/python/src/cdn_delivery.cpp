// streamforge._streamforge.cdn_delivery (re-exported by streamforge.cdn): CdnSelector (multi-CDN
// choice with consistent hashing and circuit breakers), Content Steering text/JSON, HTTP purge.
// Specs are JSON text or dicts; errors raise streamforge.Error subclasses; network calls release
// the GIL.
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/cdn/purge.h"
#include "streamforge/cdn/steering.h"

namespace streamforge::python {
namespace {

using namespace streamforge::cdn;

// A spec given as JSON text or as a dict.
std::string spec_text(const py::object& spec) {
  if (py::isinstance<py::str>(spec)) return spec.cast<std::string>();
  return json_dumps(spec);
}

SteeringProtocol protocol_of(const std::string& name) {
  if (name == "hls") return SteeringProtocol::kHls;
  if (name == "dash") return SteeringProtocol::kDash;
  throw StatusError(InvalidArgumentError("'" + name + "': expected \"hls\" or \"dash\"", "protocol"));
}

py::dict health_dict(const CdnHealth& h) {
  py::dict d;
  d["id"] = h.id;
  d["state"] = std::string(breaker_state_name(h.state));
  d["consecutive_failures"] = h.consecutive_failures;
  d["error_rate"] = h.error_rate;
  d["latency_ms_ewma"] = h.latency_ms_ewma;
  d["successes"] = h.successes;
  d["failures"] = h.failures;
  d["last_check_error"] = h.last_check_error;
  return d;
}

py::dict purge_dict(const PurgeResult& r) {
  py::dict d;
  d["items"] = r.items;
  d["requests"] = r.requests;
  d["responses"] = r.responses;
  return d;
}

}  // namespace

void init_cdn_delivery(py::module_& parent) {
  py::module_ m = parent.def_submodule("cdn_delivery", "CDN selection, Content Steering and purge.");
  using release = py::call_guard<py::gil_scoped_release>;

  py::class_<CdnChoice>(m, "CdnChoice", "The CDN chosen for a viewer and the full failover order.")
      .def_readonly("cdn_id", &CdnChoice::cdn_id)
      .def_readonly("base_url", &CdnChoice::base_url)
      .def_readonly("priority", &CdnChoice::priority)
      .def_readonly("degraded", &CdnChoice::degraded)
      .def("__repr__", [](const CdnChoice& c) {
        return "CdnChoice(cdn_id='" + c.cdn_id + "', degraded=" + (c.degraded ? "True" : "False") + ")";
      });

  py::class_<CdnSelector, std::shared_ptr<CdnSelector>>(
      m, "CdnSelector",
      "Chooses a CDN per viewer: weighted rendezvous hashing (sticky), region filter, circuit breakers fed by "
      "report_result() and HTTP health checks. Thread-safe.")
      .def(py::init([](const py::object& spec) -> std::shared_ptr<CdnSelector> {
             CdnSelectorSpec parsed = unwrap(CdnSelectorSpec::from_json(spec_text(spec)));
             return unwrap(CdnSelector::create(std::move(parsed)));
           }),
           py::arg("spec"), "spec: CdnSelectorSpec as JSON text or a dict (see the README).")
      .def("select", [](CdnSelector& s, const std::string& viewer, const std::string& region) {
             return unwrap(s.select(viewer, region));
           }, py::arg("viewer"), py::arg("region") = "")
      .def("rank", [](const CdnSelector& s, const std::string& viewer, const std::string& region) {
             return unwrap(s.rank(viewer, region));
           }, py::arg("viewer"), py::arg("region") = "")
      .def("report_result", [](CdnSelector& s, const std::string& cdn_id, bool ok, int64_t latency_ms) {
             check(s.report_result(cdn_id, ok, std::chrono::milliseconds(latency_ms)));
           }, py::arg("cdn_id"), py::arg("ok"), py::arg("latency_ms") = 0)
      .def("run_health_checks", [](CdnSelector& s) { check(s.run_health_checks()); }, release(),
           "GET every due CDN's health URL now (blocks; releases the GIL).")
      .def("start_health_checks", [](CdnSelector& s) { check(s.start_health_checks()); })
      .def("stop_health_checks", &CdnSelector::stop_health_checks, release())
      .def("health", [](const CdnSelector& s) {
        py::list out;
        for (const CdnHealth& h : s.health()) out.append(health_dict(h));
        return out;
      })
      .def("steering_response", [](CdnSelector& s, const std::string& protocol, const std::string& query,
                                   const std::string& reload_base) {
             return unwrap(steering_response(s, protocol_of(protocol), query, reload_base));
           }, py::arg("protocol"), py::arg("query"), py::arg("reload_base") = "",
           "The steering server's JSON for one player request ('hls' or 'dash', the raw query string).")
      .def_property_readonly("spec_json", [](const CdnSelector& s) { return s.spec().to_json(); });

  m.def("parse_steering_query", [](const std::string& query, const std::string& protocol) {
    SteeringRequest r = unwrap(parse_steering_query(query, protocol_of(protocol)));
    py::dict d;
    d["viewer"] = r.viewer_id;
    d["region"] = r.region;
    d["pathway"] = r.current_pathway;
    d["throughput_bps"] = r.throughput_bps ? py::object(py::int_(*r.throughput_bps)) : py::object(py::none());
    return d;
  }, py::arg("query"), py::arg("protocol") = "hls");
  m.def("render_steering_manifest", [](const std::vector<std::string>& priority, const std::string& protocol,
                                       int ttl_seconds, const std::string& reload_uri) {
    SteeringManifest sm;
    sm.priority = priority;
    sm.ttl_seconds = ttl_seconds;
    sm.reload_uri = reload_uri;
    return unwrap(render_steering_manifest(sm, protocol_of(protocol)));
  }, py::arg("priority"), py::arg("protocol") = "hls", py::arg("ttl_seconds") = 300, py::arg("reload_uri") = "");
  m.def("hls_content_steering_tag", [](const std::string& uri, const std::string& pathway) {
    return unwrap(hls_content_steering_tag(uri, pathway));
  }, py::arg("server_uri"), py::arg("default_pathway") = "");
  m.def("hls_pathway_attribute", [](const std::string& p) { return unwrap(hls_pathway_attribute(p)); },
        py::arg("pathway"));
  m.def("dash_content_steering_element", [](const std::string& url, const std::string& location, bool qbs,
                                            const std::string& proxy) {
    return unwrap(dash_content_steering_element(url, location, qbs, proxy));
  }, py::arg("server_url"), py::arg("default_location") = "", py::arg("query_before_start") = false,
        py::arg("proxy_server_url") = "");
  m.def("dash_base_url_element", [](const std::string& url, const std::string& location) {
    return unwrap(dash_base_url_element(url, location));
  }, py::arg("url"), py::arg("service_location"));
  m.def("manifest_steering_json", [](const py::object& spec) {
    return manifest_steering_json(unwrap(CdnSelectorSpec::from_json(spec_text(spec))));
  }, py::arg("spec"));

  py::class_<Purger, std::shared_ptr<Purger>>(m, "Purger", "Purges CDN caches through a provider's HTTP API.")
      .def("purge_urls", [](Purger& p, const std::vector<std::string>& items) {
             Result<PurgeResult> r = [&] {
               py::gil_scoped_release unlocked;
               return p.purge_urls(items);
             }();
             return purge_dict(unwrap(std::move(r)));
           }, py::arg("urls"))
      .def("purge_prefixes", [](Purger& p, const std::vector<std::string>& items) {
             Result<PurgeResult> r = [&] {
               py::gil_scoped_release unlocked;
               return p.purge_prefixes(items);
             }();
             return purge_dict(unwrap(std::move(r)));
           }, py::arg("prefixes"))
      .def("purge_tags", [](Purger& p, const std::vector<std::string>& items) {
             Result<PurgeResult> r = [&] {
               py::gil_scoped_release unlocked;
               return p.purge_tags(items);
             }();
             return purge_dict(unwrap(std::move(r)));
           }, py::arg("tags"));
  m.def("http_purger", [](const py::object& spec) -> std::shared_ptr<Purger> {
    PurgeProviderSpec parsed = unwrap(PurgeProviderSpec::from_json(spec_text(spec)));
    return std::shared_ptr<Purger>(unwrap(create_http_purger(std::move(parsed))).release());
  }, py::arg("spec"), "A Purger for a provider's HTTP purge API (spec: JSON text or dict, see cdn/purge.h).");
}

}  // namespace streamforge::python
