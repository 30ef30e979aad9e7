// Private: the AWS shared config and credentials files (~/.aws/credentials, ~/.aws/config), and
// where S3 credentials come from.
//
// Format (AWS CLI/SDK "Configuration and credential file settings"): INI; "[name]" sections
// (in the config file "[profile name]", except "[default]"), "key = value" lines, '#' or ';'
// comments at line start, keys case-insensitive. Nested sub-sections (a line starting with
// whitespace after "s3 =") are skipped. The parser never fails on junk: a malformed line is
// ignored and counted, so a file written by another tool cannot stop a job; hostile input only
// costs linear time (the fuzz target tests/fuzz/aws_config_fuzz.cpp checks it cannot crash).
//
// Value types and free functions; thread-safe (they read the environment and files).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"
#include "streamforge/storage/sigv4.h"

namespace streamforge::storage::s3 {

struct IniFile {
  // section name (lower case, "profile " prefix kept as written) -> key (lower case) -> value
  std::map<std::string, std::map<std::string, std::string>> sections;
  int ignored_lines = 0;
};

IniFile parse_ini(std::string_view text);

// Credentials, in the SDKs' order: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
// from the environment; else the profile AWS_PROFILE (or "default") in AWS_SHARED_CREDENTIALS_FILE
// (or ~/.aws/credentials), then in AWS_CONFIG_FILE (or ~/.aws/config, section "[profile name]").
// kNotFound, naming every place looked at, when there are none.
Result<AwsCredentials> load_aws_credentials();

// The region when the URI names none: AWS_REGION, AWS_DEFAULT_REGION, the profile's "region" in
// the config file, else "us-east-1".
std::string default_aws_region();

}  // namespace streamforge::storage::s3
