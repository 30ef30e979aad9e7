// CPIX key server -> raw keys of an EncryptionSpec; see cpix_keys.h.
#include "streamforge/package/cpix_keys.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/encoding.h"

namespace streamforge {
namespace {

bool has_header(const net::HttpHeaders& headers, std::string_view name) {
  for (const net::HttpHeader& h : headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

std::string hex(const std::array<uint8_t, 16>& bytes) { return drm::hex_encode(ByteView(bytes.data(), bytes.size())); }

}  // namespace

Result<drm::CpixTransport> cpix_http_transport(CpixHttpOptions options) {
  SF_ASSIGN_OR_RETURN(std::unique_ptr<net::HttpClient> created, net::HttpClient::create(options.http));
  std::shared_ptr<const net::HttpClient> client(std::move(created));
  // CPIX documents are XML (DASH-IF CPIX 2.3 §4; SPEKE v2 asks for application/xml both ways).
  if (!has_header(options.headers, "Content-Type")) options.headers.push_back({"Content-Type", "application/xml"});
  if (!has_header(options.headers, "Accept")) options.headers.push_back({"Accept", "application/xml"});
  return drm::CpixTransport([client, options = std::move(options)](const std::string& url,
                                                                  const std::string& body) -> Result<std::string> {
    net::HttpRequest request{"POST", url, options.headers, body};
    SF_ASSIGN_OR_RETURN(net::HttpResponse response,
                        net::send_with_retry(*client, request, options.retry, options.cancel));
    return std::move(response.body);
  });
}

Result<EncryptionSpec> fetch_cpix_keys(const EncryptionSpec& spec, const drm::CpixTransport& transport) {
  if (spec.cpix_url.empty()) return spec;
  SF_RETURN_IF_ERROR(spec.validate());
  drm::CpixKeyProviderConfig config;
  config.url = spec.cpix_url;
  config.content_id = spec.content_id;
  config.scheme = spec.scheme == "cbcs" ? mp4::FourCC("cbcs") : mp4::FourCC("cenc");
  config.tracks.clear();
  for (const std::string& name : spec.cpix_track_types) {
    SF_ASSIGN_OR_RETURN(drm::TrackType track, drm::parse_track_type(name));
    config.tracks.push_back(track);
  }
  for (const std::string& name : spec.drm_systems) {
    SF_ASSIGN_OR_RETURN(drm::DrmSystem system, drm::parse_drm_system(name));
    config.systems.push_back(system);
  }
  SF_ASSIGN_OR_RETURN(auto provider, drm::CpixKeyProvider::create(config, transport));

  EncryptionSpec out = spec;
  out.keys.clear();
  for (size_t i = 0; i < config.tracks.size(); ++i) {
    // The first key_for sends the one request for every track type; the rest come from its cache.
    Result<drm::ContentKey> key = provider->key_for({config.tracks[i], 0});
    if (!key.ok()) return key.status();
    EncryptionKey k;
    k.kid = hex(key->kid);
    k.key = hex(key->key);
    k.iv = drm::hex_encode(ByteView(key->iv.data(), key->iv.size()));
    k.track_type = spec.cpix_track_types[i];
    out.keys.push_back(std::move(k));
  }
  out.cpix_url.clear();
  out.cpix_headers.clear();
  out.cpix_track_types = EncryptionSpec{}.cpix_track_types;
  Status valid = out.validate();
  if (!valid.ok()) return DataLossError("CPIX key response: unusable keys: " + valid.to_string());
  return out;
}

Result<EncryptionSpec> fetch_cpix_keys(const EncryptionSpec& spec, const CancelToken& cancel) {
  if (spec.cpix_url.empty()) return spec;
  SF_RETURN_IF_ERROR(spec.validate());
  CpixHttpOptions options;
  for (const std::string& line : spec.cpix_headers) {
    SF_ASSIGN_OR_RETURN(net::HttpHeader header, net::parse_header_line(line));
    options.headers.push_back(std::move(header));
  }
  options.cancel = cancel;
  SF_ASSIGN_OR_RETURN(drm::CpixTransport transport, cpix_http_transport(std::move(options)));
  return fetch_cpix_keys(spec, transport);
}

}  // namespace streamforge
