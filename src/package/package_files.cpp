// package_files(): stream copy from already-encoded files into the Packager. Packets from several
// inputs are merged in decode-time order so audio and video advance together (the packager
// holds audio back until video passes it; interleaving keeps that short).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "av/packet_source.h"
#include "streamforge/package/packager.h"

namespace streamforge {
namespace {

std::string unique_name(std::string base, std::set<std::string>& taken) {
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = fmt::format("{}_{}", base, n);
  taken.insert(name);
  return name;
}

std::string rendition_name(const StreamInfo& info, std::set<std::string>& taken) {
  if (info.type == MediaType::kVideo) return unique_name(fmt::format("{}p", info.height), taken);
  std::string base = fmt::format("audio_{}", codec_name(info.codec));
  if (!info.language.empty() && info.language != "und") base += "_" + info.language;
  return unique_name(base, taken);
}

// Decode time in seconds as an exact comparison key.
bool earlier(const Packet& a, const Packet& b) {
  return Rational(a.dts * a.time_base.num, a.time_base.den) < Rational(b.dts * b.time_base.num, b.time_base.den);
}

}  // namespace

Result<PackageSummary> package_files(const std::vector<std::string>& inputs, Storage& storage, const PackageSpec& spec,
                               const PackageOptions& options) {
  if (inputs.empty()) return InvalidArgumentError("package needs at least one input file");
  SF_RETURN_IF_ERROR(spec.validate());
  auto started = std::chrono::steady_clock::now();

  struct Input {
    std::unique_ptr<av::PacketSource> source;
    int first_stream = 0;           // packager index of its stream 0
    std::optional<Packet> head;     // next packet, not yet handed on
  };
  std::vector<Input> sources;
  SF_ASSIGN_OR_RETURN(auto packager, Packager::create(storage, spec, options.cancel));
  std::set<std::string> names;
  int next_index = 0;
  double duration = 0;
  for (const std::string& path : inputs) {
    auto opened = av::PacketSource::open(path, options.cancel);
    if (!opened.ok()) return opened.status().with_context("input '" + path + "'");
    SF_RETURN_IF_ERROR((*opened)->prime());
    Input in{std::move(*opened), next_index, std::nullopt};
    for (StreamInfo info : in.source->streams()) {
      info.name = rendition_name(info, names);
      SF_RETURN_IF_ERROR(packager->on_stream(next_index++, info));
    }
    duration = std::max(duration, in.source->duration_seconds());
    sources.push_back(std::move(in));
  }

  packager->set_expected_duration(duration);
  auto fail = [&](const Status& s) {
    packager->on_abort(s);
    return s;
  };
  for (Input& in : sources) {
    auto p = in.source->next();
    if (!p.ok()) return fail(p.status().with_context("reading " + in.source->path()));
    in.head = std::move(*p);
  }
  Progress progress;
  progress.phase = "package";
  auto last_report = started;
  int64_t packets = 0;
  while (true) {
    if (options.cancel.cancelled()) return fail(CancelledError("packaging cancelled"));
    Input* next = nullptr;
    for (Input& in : sources) {
      if (in.head && (!next || earlier(*in.head, *next->head))) next = &in;
    }
    if (!next) break;
    Packet packet = std::move(*next->head);
    packet.stream_index += next->first_stream;
    if (Status s = packager->on_packet(packet); !s.ok()) return fail(s);
    auto p = next->source->next();
    if (!p.ok()) return fail(p.status().with_context("reading " + next->source->path()));
    next->head = std::move(*p);

    ++packets;
    auto now = std::chrono::steady_clock::now();
    if (options.progress && now - last_report > std::chrono::milliseconds(250)) {
      last_report = now;
      progress.frames_done = packets;
      progress.elapsed_seconds = std::chrono::duration<double>(now - started).count();
      double media = Rational(packet.dts * packet.time_base.num, packet.time_base.den).to_double();
      if (duration > 0 && media > 0) {
        progress.frames_total = static_cast<int64_t>(static_cast<double>(packets) * duration / media);
        progress.eta_seconds = progress.elapsed_seconds * (duration - media) / media;
      }
      options.progress(progress);
    }
  }
  SF_RETURN_IF_ERROR(packager->on_end());
  if (options.progress) {
    progress.frames_done = progress.frames_total = packets;
    progress.eta_seconds = 0;
    progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    options.progress(progress);
  }
  return packager->summary();
}

Result<PackageSummary> package_to_folder(const std::vector<std::string>& inputs, const std::string& folder,
                                         const PackageSpec& spec, const PackageOptions& options) {
  // A missing input must not leave an empty output folder behind.
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::exists(input, ec)) return NotFoundError("input '" + input + "': no such file");
  }
  SF_ASSIGN_OR_RETURN(auto storage, open_storage(folder));
  return package_files(inputs, *storage, spec, options);
}

}  // namespace streamforge
