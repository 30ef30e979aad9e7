// Private: the small amount of statistics the QoE reports need (Student t intervals and tests).
#pragma once

namespace streamforge::abr {

// Two-sided 95% critical value of Student's t with `df` degrees of freedom (exact table to 30,
// then t ~ 1.96 + 2.46/df, within 0.002 of the true value).
double t_critical_95(int df);

// Two-sided p-value of a t statistic with `df` degrees of freedom:
// P(|T| >= |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2), the regularized incomplete beta function.
double t_two_sided_p(double t, int df);

}  // namespace streamforge::abr
