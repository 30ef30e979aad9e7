// Private: throughput estimators shared by the ABR algorithms. Header-only, fixed capacity,
// allocation-free (the tests use them directly).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace streamforge::abr {

// The last N samples (N <= kCapacity), oldest first on iteration.
template <typename T, size_t kCapacity = 32>
class Ring {
 public:
  explicit Ring(size_t n = kCapacity) : n_(std::clamp<size_t>(n, 1, kCapacity)) {}
  void push(T v) {
    data_[head_] = v;
    head_ = (head_ + 1) % n_;
    if (size_ < n_) ++size_;
  }
  size_t size() const { return size_; }
  size_t capacity() const { return n_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = head_ = 0; }
  // i = 0 is the oldest kept sample, size()-1 the newest.
  T operator[](size_t i) const { return data_[(head_ + n_ - size_ + i) % n_]; }
  T newest() const { return (*this)[size_ - 1]; }

 private:
  std::array<T, kCapacity> data_{};
  size_t n_;
  size_t size_ = 0, head_ = 0;
};

// Exponentially weighted moving average weighted by sample duration, with zero-bias correction
// (as hls.js and Shaka Player estimate bandwidth): a sample lasting d seconds moves the estimate
// by 1 - 0.5^(d / half_life).
class Ewma {
 public:
  explicit Ewma(double half_life_seconds) : alpha_(std::exp(std::log(0.5) / std::max(half_life_seconds, 1e-3))) {}
  void add(double weight_seconds, double value) {
    double a = std::pow(alpha_, weight_seconds);
    estimate_ = value * (1 - a) + a * estimate_;
    total_weight_ += weight_seconds;
  }
  double estimate() const {
    double zero_factor = 1 - std::pow(alpha_, total_weight_);
    return zero_factor > 0 ? estimate_ / zero_factor : 0;
  }
  bool empty() const { return total_weight_ <= 0; }
  void clear() { estimate_ = total_weight_ = 0; }

 private:
  double alpha_;
  double estimate_ = 0;
  double total_weight_ = 0;
};

// Harmonic mean of the last n samples (the "rate-based" predictor of the MPC and Pensieve papers).
inline double harmonic_mean(const Ring<double>& r, size_t last_n) {
  size_t n = std::min(last_n, r.size());
  if (n == 0) return 0;
  double inv = 0;
  for (size_t i = r.size() - n; i < r.size(); ++i) inv += 1.0 / std::max(r[i], 1e-9);
  return static_cast<double>(n) / inv;
}

}  // namespace streamforge::abr
