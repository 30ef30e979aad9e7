// Names of the metadata enums and field validation (limits in MetadataLimits).
#include <nlohmann/json.hpp>

#include <string>

#include "metadata/field_checks.h"
#include "streamforge/metadata/metadata_types.h"

namespace streamforge {
namespace {

template <typename E, size_t N>
bool parse_name(std::string_view name, const std::string_view (&names)[N], E& out) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

constexpr std::string_view kStatusNames[] = {"uploading", "processing", "ready", "failed"};
constexpr std::string_view kVisibilityNames[] = {"public", "unlisted", "private"};
constexpr std::string_view kJobStateNames[] = {"queued", "running", "succeeded", "failed"};

}  // namespace

std::string_view video_status_name(VideoStatus s) { return kStatusNames[static_cast<int>(s)]; }
std::string_view visibility_name(Visibility v) { return kVisibilityNames[static_cast<int>(v)]; }
std::string_view job_state_name(JobState s) { return kJobStateNames[static_cast<int>(s)]; }
bool parse_video_status(std::string_view name, VideoStatus& out) { return parse_name(name, kStatusNames, out); }
bool parse_visibility(std::string_view name, Visibility& out) { return parse_name(name, kVisibilityNames, out); }
bool parse_job_state(std::string_view name, JobState& out) { return parse_name(name, kJobStateNames, out); }

bool video_status_transition_allowed(VideoStatus from, VideoStatus to) {
  switch (from) {
    case VideoStatus::kUploading: return to == VideoStatus::kProcessing || to == VideoStatus::kFailed;
    case VideoStatus::kProcessing: return to == VideoStatus::kReady || to == VideoStatus::kFailed;
    case VideoStatus::kReady: return to == VideoStatus::kProcessing;
    case VideoStatus::kFailed: return to == VideoStatus::kProcessing;
  }
  return false;
}

Status Video::validate() const {
  using L = MetadataLimits;
  using namespace metadata;
  if (!id.empty()) SF_RETURN_IF_ERROR(check_id(id, "id"));
  SF_RETURN_IF_ERROR(check_text(owner, "owner", L::kMaxOwnerBytes, /*required=*/true, /*multiline=*/false));
  SF_RETURN_IF_ERROR(check_text(title, "title", L::kMaxTitleBytes, true, false));
  SF_RETURN_IF_ERROR(check_text(description, "description", L::kMaxDescriptionBytes, false, true));
  if (tags.size() > L::kMaxTags) {
    return InvalidArgumentError("at most " + std::to_string(L::kMaxTags) + " tags, got " + std::to_string(tags.size()),
                                "tags");
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    SF_RETURN_IF_ERROR(check_text(tags[i], "tags[" + std::to_string(i) + "]", L::kMaxTagBytes, true, false));
  }
  SF_RETURN_IF_ERROR(check_text(category, "category", L::kMaxCategoryBytes, false, false));
  SF_RETURN_IF_ERROR(check_text(failure_reason, "failure_reason", L::kMaxReasonBytes, false, true));
  SF_RETURN_IF_ERROR(check_json_object(probe_json, "probe_json", L::kMaxProbeJsonBytes));
  if (duration_ms < 0) return InvalidArgumentError("must not be negative", "duration_ms");
  if (created_at_ms < 0) return InvalidArgumentError("must not be negative", "created_at_ms");
  return OkStatus();
}

Status Rendition::validate() const {
  using L = MetadataLimits;
  using namespace metadata;
  SF_RETURN_IF_ERROR(check_id(video_id, "video_id"));
  SF_RETURN_IF_ERROR(check_text(name, "name", L::kMaxTagBytes, true, false));
  SF_RETURN_IF_ERROR(check_text(codec, "codec", L::kMaxTagBytes, false, false));
  SF_RETURN_IF_ERROR(check_text(hls_url, "hls_url", L::kMaxUrlBytes, false, false));
  SF_RETURN_IF_ERROR(check_text(dash_url, "dash_url", L::kMaxUrlBytes, false, false));
  SF_RETURN_IF_ERROR(check_text(storage_key, "storage_key", L::kMaxUrlBytes, false, false));
  if (bitrate_bps < 0) return InvalidArgumentError("must not be negative", "bitrate_bps");
  if (width < 0 || height < 0) return InvalidArgumentError("must not be negative", width < 0 ? "width" : "height");
  if (bytes < 0) return InvalidArgumentError("must not be negative", "bytes");
  return OkStatus();
}

}  // namespace streamforge
