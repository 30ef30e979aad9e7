// Private: the s3:// ObjectWriter. Bytes fill a part buffer; a small object (less than one part
// by commit) is sent as one PUT. A large one becomes an S3 multipart upload (API reference:
// CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload): full parts
// go to `concurrency` worker threads as they fill, so at most concurrency + 1 parts are in memory
// and write() blocks while all workers are busy (back-pressure). Nothing is visible under the key
// until CompleteMultipartUpload succeeds; a failed part, a cancel, a failed commit or destroying
// the writer uncommitted aborts the upload, so the server discards the parts.
//
// Thread-safety: one thread calls write()/commit() (the ObjectWriter contract); the workers are
// internal.
#pragma once

#include <memory>
#include <string>

#include "storage/s3/s3_client.h"

namespace streamforge::storage::s3 {

std::unique_ptr<ObjectWriter> make_multipart_writer(std::shared_ptr<const S3Client> client, std::string object_key,
                                                    PutOptions options, CancelToken storage_cancel);

// One PUT of a whole object with the PutOptions headers (Content-Type, Cache-Control,
// x-amz-checksum-sha256).
Status put_object(const S3Client& client, const std::string& object_key, std::string body, const PutOptions& options,
                  const CancelToken& cancel);

}  // namespace streamforge::storage::s3
