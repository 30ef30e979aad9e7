// The reader's record of where a source is damaged: events close together make one span, a hole
// in the pictures right after damage widens its span, a hole in a steady cadence is damage of its
// own unless the container shows that no bytes were skipped (a pause the file was written with),
// and spans from several readers merge.
#include <gtest/gtest.h>

#include "av/damage_log.h"

namespace streamforge::av {
namespace {

TEST(DamageLog, EventsLessThanASecondApartMakeOneSpan) {
  DamageLog log;
  log.record(0, 4.0);
  log.record(0, 4.5);
  log.record(0, 5.2);
  log.record(0, 9.0);  // far from the others: a second span
  log.record(1, 4.1);  // another stream: its own span
  EXPECT_EQ(log.events(), 5);
  const std::vector<DamagedSpan> spans = log.spans();
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (DamagedSpan{0, 4.0, 5.2, 3}));
  EXPECT_EQ(spans[1], (DamagedSpan{0, 9.0, 9.0, 1}));
  EXPECT_EQ(spans[2], (DamagedSpan{1, 4.1, 4.1, 1}));
}

TEST(DamageLog, AHoleInThePicturesAfterDamageWidensTheSpan) {
  DamageLog log;
  const double picture = 0.04;
  for (int i = 0; i <= 100; ++i) log.video_picture(0, i * picture, picture);  // 0 .. 4 s, clean
  log.record(0, 4.3);  // a corrupt packet, decoded (delayed) pictures keep coming
  log.video_picture(0, 4.04, picture);
  log.video_picture(0, 4.08, picture);
  log.video_picture(0, 4.80, picture);  // 17 pictures missing
  log.video_picture(0, 4.84, picture);
  const std::vector<DamagedSpan> spans = log.spans();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_DOUBLE_EQ(spans[0].from_seconds, 4.08);
  EXPECT_DOUBLE_EQ(spans[0].to_seconds, 4.80);
  EXPECT_EQ(spans[0].events, 1);
}

TEST(DamageLog, AHoleLongAfterDamageIsNotWidenedIntoIt) {
  DamageLog log;
  const double picture = 0.04;
  log.video_picture(0, 0.0, picture);
  log.video_picture(0, 0.5, picture);  // a pause before any cadence is steady: nothing
  for (int i = 1; i <= 12; ++i) log.video_picture(0, 0.5 + i * picture, picture);  // to 0.98 s
  EXPECT_TRUE(log.empty());
  log.record(0, 1.0);
  for (int i = 1; i <= 63; ++i) log.video_picture(0, 0.98 + i * picture, picture);  // steady to 3.5 s
  EXPECT_TRUE(log.video_picture(0, 5.0, picture));  // after the damage's 2 s watch: a hole of its own
  const std::vector<DamagedSpan> spans = log.spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (DamagedSpan{0, 1.0, 1.0, 1}));
  EXPECT_NEAR(spans[1].from_seconds, 3.5, 1e-9);
  EXPECT_EQ(spans[1].to_seconds, 5.0);
}

TEST(DamageLog, AHoleInASteadyCadenceIsDamageOfItsOwn) {
  // A Matroska demuxer that resyncs past broken bytes to the next cluster drops pictures
  // without any decode error: the hole in the timestamps is the only trace.
  DamageLog log;
  const double picture = 0.04;
  double t = 0;
  for (int i = 0; i < 100; ++i, t += picture) EXPECT_FALSE(log.video_picture(0, t, picture));
  t += 2 * picture;  // two pictures missing: a stutter, not reported...
  EXPECT_FALSE(log.video_picture(0, t, picture));
  const double before_hole = t;
  t += 1.84;  // ...but the hole right after it is, though the stutter broke the cadence
  EXPECT_TRUE(log.video_picture(0, t, picture));
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(log.video_picture(0, t += picture, picture));
  const std::vector<DamagedSpan> spans = log.spans();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_DOUBLE_EQ(spans[0].from_seconds, before_hole);
  EXPECT_DOUBLE_EQ(spans[0].to_seconds, before_hole + 1.84);
  EXPECT_EQ(spans[0].events, 1);
}

TEST(DamageLog, AVariableFrameRateSourcesPausesAreNotHoles) {
  // A phone or screen recording: pictures 1, 2 or 3 intervals apart, then a one-second pause.
  DamageLog log;
  const double picture = 1.0 / 30;
  double t = 0;
  for (int i = 0; i < 300; ++i, t += picture * (1 + i % 3)) EXPECT_FALSE(log.video_picture(0, t, picture));
  EXPECT_FALSE(log.video_picture(0, t + 1.0, picture));
  EXPECT_TRUE(log.empty());
}

// Where the container stores packets back to back and the reader reports the demuxer's jumps
// over bytes, a hole counts only with such a jump around it.
TEST(DamageLog, WatchingByteSkipsAHoleWithEveryByteThereIsAPause) {
  // A browser recording of a hidden tab: steady 30 fps, then two seconds without a picture.
  DamageLog log;
  log.watch_byte_skips(100000);  // 100 kB/s: jumps under 10 kB are the container's own
  const double picture = 1.0 / 30;
  double t = 0;
  for (int i = 0; i < 90; ++i, t += picture) log.video_picture(0, t, picture);
  log.bytes_skipped(t + 1.0, 2000);  // a header, not broken bytes
  log.bytes_skipped(t - 5.0, 500000);  // broken bytes long before the hole: not its cause
  EXPECT_FALSE(log.video_picture(0, t + 2.0, picture));
  EXPECT_TRUE(log.empty());
}

TEST(DamageLog, WatchingByteSkipsAHoleWithBytesSkippedIsDamage) {
  // A Matroska demuxer resyncing past broken bytes: 190 kB skipped, 2 s of pictures lost; the
  // first packet after the skip is audio, a little before the next picture.
  DamageLog log;
  log.watch_byte_skips(100000);
  const double picture = 1.0 / 30;
  double t = 0;
  for (int i = 0; i < 90; ++i, t += picture) log.video_picture(0, t, picture);
  log.bytes_skipped(t + 1.9, 190000);
  const auto hole = log.video_picture(0, t + 2.0, picture);
  ASSERT_TRUE(hole);
  EXPECT_DOUBLE_EQ(hole->from_seconds, t - picture);
  EXPECT_DOUBLE_EQ(hole->to_seconds, t + 2.0);
  EXPECT_EQ(log.spans().size(), 1u);
}

TEST(DamageLog, DamageBeforeTheFirstPictureDoesNotReachBackToMinusInfinity) {
  DamageLog log;
  log.record(0, 0.0);                 // the first packets are undecodable
  log.video_picture(0, 0.52, 0.04);   // the first picture
  log.video_picture(0, 0.56, 0.04);
  const std::vector<DamagedSpan> spans = log.spans();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (DamagedSpan{0, 0.0, 0.0, 1}));
  log.forget_pictures();  // a seek: the next picture starts afresh
  log.record(0, 8.0);
  log.video_picture(0, 8.2, 0.04);
  EXPECT_EQ(log.spans().back(), (DamagedSpan{0, 8.0, 8.0, 1}));
}

TEST(DamageLog, ASourceDamagedEverywhereKeepsABoundedRecord) {
  DamageLog log;
  for (int i = 0; i < 100000; ++i) log.record(0, i * 2.0);  // 55 hours, damaged every 2 s
  log.record(1, 3.0);  // another stream still gets a span
  EXPECT_EQ(log.events(), 100001);
  const std::vector<DamagedSpan> spans = log.spans();
  EXPECT_LE(spans.size(), 1001u);
  EXPECT_DOUBLE_EQ(spans[spans.size() - 2].to_seconds, 99999 * 2.0);  // the last span grew to the end
  EXPECT_EQ(spans.back().stream_index, 1);
  int64_t events = 0;
  for (const DamagedSpan& s : spans) events += s.events;
  EXPECT_EQ(events, 100001);
}

TEST(MergeDamagedSpans, JoinsOverlappingAndCloseSpansOfOneStream) {
  const std::vector<DamagedSpan> merged = merge_damaged_spans({
      {1, 7.0, 7.5, 2},
      {0, 4.0, 5.0, 1},
      {0, 5.5, 6.0, 3},  // 0.5 s after the previous: joined
      {0, 4.5, 4.8, 1},  // inside the first: joined
      {0, 8.0, 8.0, 1},  // 2 s later: apart
  });
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0], (DamagedSpan{0, 4.0, 6.0, 5}));
  EXPECT_EQ(merged[1], (DamagedSpan{0, 8.0, 8.0, 1}));
  EXPECT_EQ(merged[2], (DamagedSpan{1, 7.0, 7.5, 2}));
  EXPECT_TRUE(merge_damaged_spans({}).empty());
}

}  // namespace
}  // namespace streamforge::av
