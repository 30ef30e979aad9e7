// A PacketSink that writes each stream to its own MP4 file (libavformat's mov muxer) in a folder:
// "<folder>/<stream name>.mp4". Files are written under "<folder>/.partial-<pid>-<n>/" and
// moved into place by on_end(); on_abort() deletes them, so a folder never shows a half-written
// rendition as complete. Also writes "<folder>/streams.json" (what was written) last.
#pragma once

#include <memory>
#include <string>

#include "streamforge/core/result.h"
#include "streamforge/media/packet_sink.h"

namespace streamforge {

struct Mp4FolderSinkOptions {
  bool faststart = true;  // moov before mdat (progressive download friendly)
};

// Creates the folder if needed. Stream names (StreamInfo::name) must be plain file names.
Result<std::unique_ptr<PacketSink>> make_mp4_folder_sink(const std::string& folder,
                                                          const Mp4FolderSinkOptions& options = {});

}  // namespace streamforge
