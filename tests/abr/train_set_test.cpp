// The shared train traces (59 FCC, 68 HSDPA): only orderings that hold by a wide margin are
// asserted (the measured numbers are in benchmarks/RESULTS.md), and no timings.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "abr_test_util.h"
#include "streamforge/abr/evaluation.h"

namespace streamforge::abr {
namespace {

class TrainSet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!abrtest::have_train_traces()) return;
    const std::string dir = std::string(STREAMFORGE_SHARED_DIR) + "/abr-traces/train";
    auto fcc = load_traces(dir, "trace_*");
    auto all = load_traces(dir);
    ASSERT_TRUE(fcc.ok() && all.ok());
    fcc_ = new std::vector<NetworkTrace>(*fcc);
    hsdpa_ = new std::vector<NetworkTrace>;
    for (auto& t : *all) {
      if (t.name.rfind("trace_", 0) != 0) hsdpa_->push_back(t);
    }
  }
  static void TearDownTestSuite() {
    delete fcc_;
    delete hsdpa_;
    fcc_ = hsdpa_ = nullptr;
  }
  void SetUp() override {
    if (!fcc_) GTEST_SKIP() << "no " << STREAMFORGE_SHARED_DIR << "/abr-traces/train";
  }
  // Each (algorithm, subset, noise) runs once per test binary: the asan stage runs these too.
  static const AlgorithmEvaluation& run(const char* algorithm, const std::vector<NetworkTrace>& traces,
                                        bool noise = false) {
    static std::map<std::tuple<std::string, const void*, bool>, AlgorithmEvaluation> cache;
    auto key = std::make_tuple(std::string(algorithm), static_cast<const void*>(&traces), noise);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    AbrConfig c;
    c.algorithm = algorithm;
    SimOptions o;
    o.noise = noise;
    auto r = evaluate(c, abrtest::reference_video(), traces, o);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return cache[key] = r.ok() ? *r : AlgorithmEvaluation{};
  }
  static std::vector<NetworkTrace>* fcc_;
  static std::vector<NetworkTrace>* hsdpa_;
};
std::vector<NetworkTrace>* TrainSet::fcc_ = nullptr;
std::vector<NetworkTrace>* TrainSet::hsdpa_ = nullptr;

TEST_F(TrainSet, LoadsBothSubsets) {
  EXPECT_EQ(fcc_->size(), 59u);
  EXPECT_EQ(hsdpa_->size(), 68u);
}

TEST_F(TrainSet, StreamforgeBeatsRobustMpcAndBolaOnHsdpa) {
  const auto& ours = run("streamforge", *hsdpa_);
  const auto& rmpc = run("robust-mpc", *hsdpa_);
  const auto& bola = run("bola", *hsdpa_);
  EXPECT_GT(ours.summary.qoe_lin.mean, rmpc.summary.qoe_lin.mean + 0.05);
  EXPECT_GT(ours.summary.qoe_lin.mean, bola.summary.qoe_lin.mean + 0.05);
  EXPECT_LT(ours.summary.rebuffer_ratio.mean, rmpc.summary.rebuffer_ratio.mean);
  // Paired: more traces won than lost against RobustMPC.
  auto p = compare_paired(ours.sessions, rmpc.sessions);
  ASSERT_TRUE(p.ok());
  EXPECT_GT(p->wins, p->losses);
}

TEST_F(TrainSet, StreamforgeBeatsRobustMpcAndBolaOnFcc) {
  const auto& ours = run("streamforge", *fcc_);
  const auto& rmpc = run("robust-mpc", *fcc_);
  const auto& bola = run("bola", *fcc_);
  EXPECT_GT(ours.summary.qoe_lin.mean, rmpc.summary.qoe_lin.mean);
  EXPECT_GT(ours.summary.qoe_lin.mean, bola.summary.qoe_lin.mean + 0.1);
}

TEST_F(TrainSet, LiteratureOrderingsHold) {
  // As in the MPC and Pensieve papers: RobustMPC above plain MPC and the rate-based rule.
  const auto& rmpc = run("robust-mpc", *hsdpa_);
  const auto& mpc = run("mpc", *hsdpa_);
  const auto& rb = run("throughput-hm", *hsdpa_);
  EXPECT_GT(rmpc.summary.qoe_lin.mean, mpc.summary.qoe_lin.mean);
  EXPECT_GT(rmpc.summary.qoe_lin.mean, rb.summary.qoe_lin.mean);
}

TEST_F(TrainSet, NoiseVariantKeepsTheOrdering) {
  const auto& ours = run("streamforge", *hsdpa_, true);
  const auto& rmpc = run("robust-mpc", *hsdpa_, true);
  EXPECT_GT(ours.summary.qoe_lin.mean, rmpc.summary.qoe_lin.mean);
}

}  // namespace
}  // namespace streamforge::abr
