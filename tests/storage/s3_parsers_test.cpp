// The s3:// backend's pure parts: URI parsing and addressing, the AWS config/credentials INI
// files and credential lookup order, and the defensive XML reader.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#include "storage/s3/aws_config.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/xml_reader.h"
#include "test_media.h"

namespace streamforge::storage::s3 {
namespace {

TEST(S3Uri, AddressingStyleAndDefaults) {
  auto aws = parse_s3_uri("s3://media-bucket/vod/a?region=eu-west-1", {});
  ASSERT_TRUE(aws.ok()) << aws.status().message();
  EXPECT_EQ(aws->bucket, "media-bucket");
  EXPECT_EQ(aws->prefix, "vod/a/");
  EXPECT_EQ(aws->scheme, "https");
  EXPECT_EQ(aws->endpoint_authority, "s3.eu-west-1.amazonaws.com");
  EXPECT_FALSE(aws->path_style) << "virtual-hosted by default on AWS";

  auto local = parse_s3_uri("s3://b12/?endpoint=http%3A%2F%2F127.0.0.1%3A4569&part_size=5242880&concurrency=8", {});
  ASSERT_TRUE(local.ok()) << local.status().message();
  EXPECT_TRUE(local->path_style) << "IP endpoints cannot do virtual hosting";
  EXPECT_EQ(local->endpoint_authority, "127.0.0.1:4569");
  EXPECT_EQ(local->region, "us-east-1");
  EXPECT_EQ(local->prefix, "");
  EXPECT_EQ(local->part_size, 5242880u);
  EXPECT_EQ(local->concurrency, 8);

  EXPECT_TRUE(parse_s3_uri("s3://bucket?endpoint=http://localhost:9000", {})->path_style);
  EXPECT_TRUE(parse_s3_uri("s3://my_bucket", {})->path_style) << "not a DNS label";
  EXPECT_TRUE(parse_s3_uri("s3://bucket?path_style=1", {})->path_style);
  EXPECT_TRUE(parse_s3_uri("s3://my.dotted.bucket", {})->path_style) << "TLS wildcard covers one label";
  EXPECT_FALSE(parse_s3_uri("s3://my.dotted.bucket?endpoint=http://minio.internal:9000", {})->path_style);
}

TEST(S3Uri, HostileOrWrongUrisAreClearErrors) {
  for (const char* uri : {"s3://", "s3://A", "s3://UPPER", "s3://b/../x", "s3://bucket/a//b", "s3://bucket?region=us/east",
                          "s3://bucket?endpoint=ftp://x", "s3://bucket?endpoint=http://h/path", "s3://bucket?part_size=1",
                          "s3://bucket?concurrency=0", "s3://bucket?concurrency=x", "s3://bucket?nope=1",
                          "s3://bucket?path_style=maybe", "s3://bucket?endpoint=%zz", "s3://my_bucket?path_style=0"}) {
    auto r = parse_s3_uri(uri, {});
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << uri;
    EXPECT_FALSE(r.status().message().empty());
  }
}

TEST(AwsConfig, ParsesIniRobustly) {
  IniFile ini = parse_ini(
      "# comment\n[default]\naws_access_key_id = AKID\r\nAWS_Secret_Access_Key=se=cret \n"
      "[profile  Dev]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 20\nafter = yes\n"
      "[broken\nstray line\n= no key\n");
  EXPECT_EQ(ini.sections["default"]["aws_access_key_id"], "AKID");
  EXPECT_EQ(ini.sections["default"]["aws_secret_access_key"], "se=cret");
  EXPECT_EQ(ini.sections["profile dev"]["region"], "eu-west-1");
  EXPECT_EQ(ini.sections["profile dev"].count("max_concurrent_requests"), 0u) << "nested keys are skipped";
  EXPECT_EQ(ini.sections["profile dev"]["after"], "yes");
  EXPECT_EQ(ini.ignored_lines, 3);
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(AwsConfig, CredentialOrderEnvironmentThenFiles) {
  testing::TempDir dir;
  testing::write_file(dir.file("credentials"), "[default]\naws_access_key_id=FILEID\naws_secret_access_key=FILESECRET\n");
  testing::write_file(dir.file("config"),
                      "[profile other]\naws_access_key_id=CFGID\naws_secret_access_key=CFGSECRET\n"
                      "aws_session_token=TOK\nregion=ap-south-1\n");
  ScopedEnv a("AWS_ACCESS_KEY_ID", nullptr), b("AWS_SECRET_ACCESS_KEY", nullptr), c("AWS_SESSION_TOKEN", nullptr),
      d("AWS_PROFILE", nullptr), e("AWS_REGION", nullptr), f("AWS_DEFAULT_REGION", nullptr),
      g("AWS_SHARED_CREDENTIALS_FILE", dir.file("credentials").c_str()), h("AWS_CONFIG_FILE", dir.file("config").c_str());
  auto from_file = load_aws_credentials();
  ASSERT_TRUE(from_file.ok()) << from_file.status().message();
  EXPECT_EQ(from_file->access_key_id, "FILEID");
  {
    ScopedEnv p("AWS_PROFILE", "other");
    auto from_config = load_aws_credentials();
    ASSERT_TRUE(from_config.ok());
    EXPECT_EQ(from_config->access_key_id, "CFGID");
    EXPECT_EQ(from_config->session_token, "TOK");
    EXPECT_EQ(default_aws_region(), "ap-south-1");
  }
  {
    ScopedEnv p("AWS_PROFILE", "missing");
    auto none = load_aws_credentials();
    EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
    EXPECT_NE(none.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  }
  ScopedEnv i("AWS_ACCESS_KEY_ID", "ENVID"), j("AWS_SECRET_ACCESS_KEY", "ENVSECRET");
  EXPECT_EQ(load_aws_credentials()->access_key_id, "ENVID");
}

TEST(S3Xml, ReadsListResultsAndEntities) {
  auto xml = parse_xml(
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<IsTruncated>true</IsTruncated><NextContinuationToken>a&amp;b</NextContinuationToken>"
      "<Contents><Key>k &#x263A; &lt;x&gt;</Key><Size>3</Size></Contents><!-- c --><Contents><Key><![CDATA[<raw>]]></Key>"
      "</Contents><s3:Empty/></ListBucketResult>");
  ASSERT_TRUE(xml.ok()) << xml.status().message();
  EXPECT_EQ(xml->name, "ListBucketResult");
  EXPECT_EQ(xml->child_text("NextContinuationToken"), "a&b");
  ASSERT_EQ(xml->children.size(), 5u);
  EXPECT_EQ(xml->children[2].child_text("Key"), "k \xE2\x98\xBA <x>");
  EXPECT_EQ(xml->children[3].child_text("Key"), "<raw>");
  EXPECT_EQ(xml->children[4].name, "Empty");
}

TEST(S3Xml, HostileXmlIsAnError) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (const std::string& bad : {std::string(""), std::string("<a>"), std::string("<a></b>"), std::string("<a>&bogus;</a>"),
                                 std::string("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), std::string("<a>&#0;</a>"),
                                 std::string("<a>&#x110000;</a>"), std::string("<a b=\"1></a>"), std::string("<a/><b/>"),
                                 std::string("<a><![CDATA[x</a>"), deep}) {
    auto r = parse_xml(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace streamforge::storage::s3
