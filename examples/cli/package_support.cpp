#include "package_support.h"

#include <cstdio>
#include <sstream>

#include "option_file.h"

namespace streamforge::cli {

void add_package_options(CLI::App& app, PackageCliOptions& o) {
  app.add_flag("--hls", o.hls, "write HLS (master.m3u8); with neither --hls nor --dash: both");
  app.add_flag("--dash", o.dash, "write DASH (manifest.mpd)");
  app.add_option("--segment", o.segment, "target segment duration in seconds (segments start at keyframes)")
      ->capture_default_str();
  app.add_flag("--ts", o.ts, "HLS segments in MPEG-TS (H.264/AAC) instead of CMAF");
  app.add_flag("--single-file", o.single_file, "one file per rendition addressed by byte ranges");
  app.add_option("--dash-addressing", o.dash_addressing, "timeline (SegmentTimeline) or number ($Number$)")
      ->capture_default_str();
  app.add_flag("--no-iframe-playlists", o.no_iframes, "skip the HLS I-frame playlists");
  app.add_flag("--thumbnails", o.thumbnails,
               "trick-play sprite sheets + WebVTT track (DASH image set) and posters at 10/25/50/75/90%");
  app.add_option("--encrypt", o.encrypt, "Common Encryption scheme: cenc (AES-CTR) or cbcs (AES-CBC 1:9)");
  app.add_option("--key", o.keys,
                 "content key [TYPE=]KID:KEY[:IV] in hex; TYPE all|audio|sd|hd|uhd (repeatable; default all)");
  app.add_option("--drm", o.drm, "DRM systems to signal, comma-separated: widevine,playready,common,fairplay,clearkey");
  app.add_option("--clear-lead", o.clear_lead, "with encryption: leave the first SECONDS clear (playback starts before the license)");
  app.add_option("--key-rotation", o.key_rotation,
                 "with encryption: the next --key of the track type every N segments (pssh in the moof)");
  app.add_option("--hls-key-uri", o.hls_key_uri,
                 "with --ts: where players fetch the AES-128 key (default: stored in the output as keys/<kid>.key)");
  app.add_option("--cpix", o.cpix, "keys from a CPIX 2.3 key server (http:// or https:// URL) instead of --key");
  app.add_option("--cpix-header", o.cpix_headers,
                 "extra key server request header 'Name: value', e.g. 'X-Speke-Version: 2.0' (repeatable)");
  app.add_option("--content-id", o.content_id, "the asset's ID at the key server (CPIX contentId; with --cpix)");
  app.add_option("--package-spec", o.spec_file, "PackageSpec JSON file; the flags above override it");
  app.add_option("--steering", o.steering_file,
                 "Content Steering JSON (pathways + steering server URIs, as `streamforge cdn manifest` prints): "
                 "HLS/DASH manifests list every CDN so players fail over without a new manifest");
  app.add_option("--subtitle", o.subtitles, "sidecar WebVTT: FILE[:LANGUAGE[:NAME]] (repeatable)");
}

Result<PackageSpec> package_spec_from(const PackageCliOptions& o, const CLI::App& app) {
  PackageSpec spec;
  if (!o.spec_file.empty()) {
    SF_ASSIGN_OR_RETURN(std::string text, read_option_file(o.spec_file, "--package-spec"));
    auto parsed = PackageSpec::from_json(text);
    if (!parsed.ok()) return parsed.status().with_context("package spec " + o.spec_file);
    spec = *parsed;
  }
  if (o.any_protocol()) {
    spec.hls = o.hls;
    spec.dash = o.dash;
  }
  if (app.count("--segment")) spec.segment_seconds = o.segment;
  if (o.ts) spec.ts = true;
  if (o.single_file) spec.single_file = true;
  if (app.count("--dash-addressing")) spec.dash_addressing = o.dash_addressing;
  if (o.no_iframes) spec.iframe_playlists = false;
  if (o.thumbnails) spec.thumbnails.enabled = true;
  for (const std::string& arg : o.subtitles) {
    SubtitleInput sub;
    std::stringstream parts(arg);
    std::getline(parts, sub.path, ':');
    std::string lang, name;
    if (std::getline(parts, lang, ':') && !lang.empty()) sub.language = lang;
    if (std::getline(parts, name) && !name.empty()) sub.name = name;
    spec.subtitles.push_back(std::move(sub));
  }
  if (!o.steering_file.empty()) {
    SF_ASSIGN_OR_RETURN(std::string text, read_option_file(o.steering_file, "--steering"));
    auto steering = ContentSteeringSpec::from_json(text);
    if (!steering.ok()) {
      return steering.status().with_field_prefix("steering").with_context("steering spec " + o.steering_file);
    }
    spec.steering = std::move(*steering);
  }
  if (!o.encrypt.empty() || !o.keys.empty() || !o.cpix.empty() || !o.cpix_headers.empty() || !o.content_id.empty() ||
      !o.hls_key_uri.empty() || o.clear_lead > 0 || o.key_rotation > 0) {
    EncryptionSpec enc = spec.encryption.value_or(EncryptionSpec{});
    if (!o.encrypt.empty()) enc.scheme = o.encrypt;
    if (!o.hls_key_uri.empty()) enc.hls_key_uri = o.hls_key_uri;
    if (o.clear_lead > 0) enc.clear_lead_seconds = o.clear_lead;
    if (o.key_rotation > 0) enc.key_rotation_segments = o.key_rotation;
    if (!o.keys.empty() || !o.cpix.empty()) enc.keys.clear();
    if (!o.keys.empty() && o.cpix.empty()) enc.cpix_url.clear();  // --key overrides a spec file's key server
    if (!o.cpix.empty()) enc.cpix_url = o.cpix;
    if (!o.cpix_headers.empty()) enc.cpix_headers = o.cpix_headers;
    if (!o.content_id.empty()) enc.content_id = o.content_id;
    for (const std::string& arg : o.keys) {
      EncryptionKey key;
      std::string rest = arg;
      if (auto eq = rest.find('='); eq != std::string::npos) {
        key.track_type = rest.substr(0, eq);
        rest = rest.substr(eq + 1);
      }
      std::stringstream parts(rest);
      std::getline(parts, key.kid, ':');
      std::getline(parts, key.key, ':');
      std::getline(parts, key.iv);
      enc.keys.push_back(std::move(key));
    }
    if (!o.drm.empty()) {
      enc.drm_systems.clear();
      std::stringstream names(o.drm);
      for (std::string name; std::getline(names, name, ',');) enc.drm_systems.push_back(name);
    }
    spec.encryption = std::move(enc);
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

void print_package_summary(const PackageSummary& s, const std::string& folder) {
  for (const auto& r : s.renditions) {
    std::printf("  %-18s %-5s %-28s %4dx%-4d %3d segments %8.0f kb/s peak %8.0f kb/s avg\n", r.id.c_str(),
                r.type.c_str(), r.codecs.c_str(), r.width, r.height, r.segment_count, r.peak_bitrate / 1000.0,
                r.average_bitrate / 1000.0);
  }
  std::printf("packaged %.2f s of media, %.1f MB in %.2f s\n", s.duration_seconds, s.total_bytes / 1e6,
              s.wall_seconds);
  for (const auto& r : s.renditions) {
    if (r.lead_dropped_seconds > 0) {
      std::printf("note: %s: the first %.2f s of audio, before the first picture, left out (the title starts with the picture)\n",
                  r.id.c_str(), r.lead_dropped_seconds);
    }
    if (r.gap_fill_seconds > 0) {
      std::printf("note: %s: %.2f s of silence added where the source has no sound while the picture goes on "
                  "(players stall where a track has no media)\n",
                  r.id.c_str(), r.gap_fill_seconds);
    }
  }
  for (const std::string& w : s.warnings) std::printf("warning: %s\n", w.c_str());
  if (!s.hls_master.empty()) std::printf("hls:  %s/%s\n", folder.c_str(), s.hls_master.c_str());
  if (!s.dash_manifest.empty()) std::printf("dash: %s/%s\n", folder.c_str(), s.dash_manifest.c_str());
  if (!s.thumbnails_vtt.empty()) {
    std::printf("thumbnails: %s/%s (%d sprite sheets, %zu posters)\n", folder.c_str(), s.thumbnails_vtt.c_str(),
                s.sprite_count, s.posters.size());
  }
  std::printf("summary: %s/summary.json\n", folder.c_str());
}

}  // namespace streamforge::cli
