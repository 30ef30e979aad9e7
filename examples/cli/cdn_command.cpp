// `streamforge cdn steering|purge`: multi-CDN steering answers and cache purges from a shell.
//
//   streamforge cdn steering --config cdn.json --viewer ID [--region R] [--format hls|dash]
//                            [--reload-uri URI] [--health-check]
//     prints the steering manifest JSON a player would get (what streamforge-server's
//     /steering/hls|dash answer); --health-check runs the CDNs' health checks first.
//   streamforge cdn manifest --config cdn.json
//     prints the packager's view (default pathway, server URIs, pathways) and the HLS/DASH tags.
//   streamforge cdn purge --provider purge.json (--url U | --prefix P | --tag T)...
//     purges through the provider's HTTP API (cdn/purge.h); prints {"items", "requests"}.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "option_file.h"
#include "streamforge/cdn/cdn_selector.h"
#include "streamforge/cdn/purge.h"
#include "streamforge/cdn/steering.h"

namespace streamforge::cli {
namespace {

struct CdnOptionsCli {
  std::string config;
  std::string viewer;
  std::string region;
  std::string format = "hls";
  std::string reload_uri;
  bool health_check = false;
  std::string provider;
  std::vector<std::string> urls, prefixes, tags;
};

Result<cdn::CdnSelectorSpec> load_spec(const std::string& path) {
  SF_ASSIGN_OR_RETURN(std::string text, read_option_file(path, "--config"));
  auto spec = cdn::CdnSelectorSpec::from_json(text);
  if (!spec.ok()) return spec.status().with_context("--config " + path);
  return spec;
}

int run_steering(const CdnOptionsCli& o) {
  auto spec = load_spec(o.config);
  if (!spec.ok()) return report_error(spec.status());
  auto selector = cdn::CdnSelector::create(*spec);
  if (!selector.ok()) return report_error(selector.status());
  if (o.health_check) {
    Status checked = (*selector)->run_health_checks();
    if (!checked.ok()) return report_error(checked);
  }
  auto choice = (*selector)->select(o.viewer, o.region);
  if (!choice.ok()) return report_error(choice.status().with_field_prefix("--viewer"));
  cdn::SteeringManifest m;
  m.ttl_seconds = spec->steering.ttl_seconds;
  m.reload_uri = o.reload_uri;
  m.priority = choice->priority;
  auto text = cdn::render_steering_manifest(
      m, o.format == "dash" ? cdn::SteeringProtocol::kDash : cdn::SteeringProtocol::kHls);
  if (!text.ok()) return report_error(text.status());
  std::printf("%s\n", text->c_str());
  return 0;
}

int run_manifest(const CdnOptionsCli& o) {
  auto spec = load_spec(o.config);
  if (!spec.ok()) return report_error(spec.status());
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(cdn::manifest_steering_json(*spec));
  const std::string def = cdn::default_pathway(*spec);
  if (!spec->steering.hls_server_uri.empty()) {
    auto tag = cdn::hls_content_steering_tag(spec->steering.hls_server_uri, def);
    if (!tag.ok()) return report_error(tag.status());
    j["hls_tag"] = *tag;
  }
  if (!spec->steering.dash_server_uri.empty()) {
    auto element = cdn::dash_content_steering_element(spec->steering.dash_server_uri, def, true);
    if (!element.ok()) return report_error(element.status());
    j["dash_element"] = *element;
  }
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}

int run_purge(const CdnOptionsCli& o) {
  auto text = read_option_file(o.provider, "--provider");
  if (!text.ok()) return report_error(text.status());
  auto spec = cdn::PurgeProviderSpec::from_json(*text);
  if (!spec.ok()) return report_error(spec.status().with_context("--provider " + o.provider));
  auto purger = cdn::create_http_purger(std::move(*spec));
  if (!purger.ok()) return report_error(purger.status());
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto one = [&](const char* kind, const std::vector<std::string>& items, auto fn) -> Status {
    if (items.empty()) return OkStatus();
    Result<cdn::PurgeResult> r = ((**purger).*fn)(items, CancelToken::none());
    if (!r.ok()) return r.status();
    out[kind] = {{"items", r->items}, {"requests", r->requests}};
    return OkStatus();
  };
  Status s = one("urls", o.urls, &cdn::Purger::purge_urls);
  if (s.ok()) s = one("prefixes", o.prefixes, &cdn::Purger::purge_prefixes);
  if (s.ok()) s = one("tags", o.tags, &cdn::Purger::purge_tags);
  if (!s.ok()) return report_error(s);
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

Runner add_cdn_command(CLI::App& app) {
  auto o = std::make_shared<CdnOptionsCli>();
  app.require_subcommand(1);
  CLI::App* steering = app.add_subcommand("steering", "Print the Content Steering JSON a player would get");
  steering->add_option("--config", o->config, "CDN selector spec (JSON)")->required();
  steering->add_option("--viewer", o->viewer, "Viewer / session id (the sticky key)")->required();
  steering->add_option("--region", o->region, "Viewer region (matches the CDNs' regions)");
  steering->add_option("--format", o->format, "hls or dash")->check(CLI::IsMember({"hls", "dash"}))->capture_default_str();
  steering->add_option("--reload-uri", o->reload_uri, "RELOAD-URI to put in the answer");
  steering->add_flag("--health-check", o->health_check, "Run the CDNs' HTTP health checks first");

  CLI::App* manifest = app.add_subcommand("manifest", "Print the steering tags and pathways for the packager");
  manifest->add_option("--config", o->config, "CDN selector spec (JSON)")->required();

  CLI::App* purge = app.add_subcommand("purge", "Purge URLs, prefixes or tags through a provider's HTTP API");
  purge->add_option("--provider", o->provider, "Purge provider spec (JSON; header values may use ${env:NAME})")
      ->required();
  purge->add_option("--url", o->urls, "URL to purge (repeatable)");
  purge->add_option("--prefix", o->prefixes, "Prefix to purge (repeatable)");
  purge->add_option("--tag", o->tags, "Cache tag / surrogate key to purge (repeatable)");

  return [o, steering, manifest, purge]() {
    if (steering->parsed()) return run_steering(*o);
    if (manifest->parsed()) return run_manifest(*o);
    if (purge->parsed()) {
      if (o->urls.empty() && o->prefixes.empty() && o->tags.empty()) {
        return report_error(InvalidArgumentError("give at least one --url, --prefix or --tag", "--url"));
      }
      return run_purge(*o);
    }
    return 2;
  };
}

}  // namespace streamforge::cli
