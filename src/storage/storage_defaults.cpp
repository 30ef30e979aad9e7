// Default list_page() and put_stream() for backends that have nothing better: paging over the
// sorted list() (the token is the last key of the previous page), streaming into open_writer().
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "streamforge/storage/storage.h"

namespace streamforge {

Result<ListPage> Storage::list_page(std::string_view prefix, std::string_view page_token, size_t limit) {
  if (limit == 0 || limit > 1000) return InvalidArgumentError("list limit must be 1..1000", "limit");
  if (!page_token.empty() && !page_token.starts_with(prefix)) {
    return InvalidArgumentError("page token does not belong to this prefix (pass next_page_token back unchanged)",
                                "page_token");
  }
  SF_ASSIGN_OR_RETURN(std::vector<ObjectInfo> all, list(prefix));
  auto begin = page_token.empty() ? all.begin()
                                  : std::upper_bound(all.begin(), all.end(), page_token,
                                                     [](std::string_view t, const ObjectInfo& o) { return t < o.key; });
  ListPage page;
  auto end = begin + static_cast<std::ptrdiff_t>(std::min<size_t>(limit, static_cast<size_t>(all.end() - begin)));
  page.objects.assign(std::make_move_iterator(begin), std::make_move_iterator(end));
  if (end != all.end() && !page.objects.empty()) page.next_page_token = page.objects.back().key;
  return page;
}

Status Storage::put_stream(std::string_view key, const ByteSource& source, const PutOptions& options) {
  if (!source) return InvalidArgumentError("put_stream needs a source");
  SF_ASSIGN_OR_RETURN(auto writer, open_writer(key, options));
  std::vector<uint8_t> buffer(1u << 20);
  while (true) {
    if (options.cancel.cancelled()) return CancelledError(fmt::format("writing '{}' was cancelled", key));
    SF_ASSIGN_OR_RETURN(size_t n, source(buffer.data(), buffer.size()));
    if (n == 0) break;
    if (n > buffer.size()) return InternalError("put_stream source returned more bytes than asked for");
    SF_RETURN_IF_ERROR(writer->write(ByteView(buffer.data(), n)));
  }
  return writer->commit();
}

}  // namespace streamforge
