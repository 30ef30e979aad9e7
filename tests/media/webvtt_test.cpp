#include "streamforge/media/webvtt.h"

#include <gtest/gtest.h>

namespace streamforge {
namespace {

TEST(WebVtt, Timestamps) {
  EXPECT_EQ(*parse_webvtt_timestamp("00:00:01.500"), 1500);
  EXPECT_EQ(*parse_webvtt_timestamp("01:02.003"), 62003);
  EXPECT_EQ(*parse_webvtt_timestamp("100:00:00.000"), 360000000);
  for (const char* bad : {"", "1.000", "00:60.000", "00:00:1.000", "00:00:01,000", "00:00:01.00", "aa:bb.ccc",
                          "00:00:01.000x", "1:00:00.000"}) {
    EXPECT_EQ(parse_webvtt_timestamp(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(WebVtt, CountsCuesAndSpan) {
  auto r = parse_webvtt("\xEF\xBB\xBFWEBVTT - English\r\n\r\nNOTE a note\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.500 align:start\r\n"
                        "Hello\r\n\r\n00:05.000 --> 00:07.250\nWorld\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->cue_count, 2);
  EXPECT_EQ(r->first_start_ms, 1000);
  EXPECT_EQ(r->last_end_ms, 7250);
  EXPECT_EQ(parse_webvtt("WEBVTT").value().cue_count, 0);
}

TEST(WebVtt, ErrorsNameTheLine) {
  EXPECT_NE(parse_webvtt("1\n00:00:01.000 --> 00:00:02.000\nhi\n").status().message().find("WEBVTT"), std::string::npos);
  EXPECT_EQ(parse_webvtt("WEBVTTX\n").status().code(), StatusCode::kInvalidArgument);
  auto bad_time = parse_webvtt("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\ntext\n");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("line 3"), std::string::npos) << bad_time.status().message();
  auto backwards = parse_webvtt("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\ntext\n");
  EXPECT_NE(backwards.status().message().find("ends before it starts"), std::string::npos);
  EXPECT_FALSE(parse_webvtt(std::string_view("WEBVTT\n\0", 8)).ok());
}

}  // namespace
}  // namespace streamforge
