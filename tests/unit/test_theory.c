/* Unit tests: the Proof-of-Sampling closed form (og_eq_theory) against a
 * hand computation, and each caveat present exactly when its feature is. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scenario.h"
#include "theory.h"

/* Two classes, two models with a 1:3 mix, no feature the formula leaves out.
 * Class a has no memory bandwidth (compute-bound); class b reads m2's 4 GB
 * in 4 s, longer than its 3 s of compute (memory-bound). */
static const char base[] =
  "duration: 10s\n"
  "regions: [{name: r}]\n"
  "models:\n"
  "  - {name: m1, flops: 1TFlop, fee: 0.01}\n"
  "  - {name: m2, flops: 4TFlop, weight_bytes: 3GB, bytes: 1GB, fee: 0.03}\n"
  "node_classes:\n"
  "  - {name: a, region: r, count: 2, peak: 1TFlops, efficiency: 0.5, cost: 3.6/h,"
  " stake: 10}\n"
  "  - {name: b, region: r, count: 6, peak: 2TFlops, mem_bandwidth: 1GBps, cost: 7.2/h,"
  " stake: 2}\n"
  "workload: {rate: 10/s, mix: [{model: m1, share: 1}, {model: m2, share: 3}]}\n"
  "economics: {slash: 0.5}\n"
  "dishonest: [{stake_share: 0.1, strategy: lazy, cost_factor: 0.2}]\n"
  "verification: {protocol: spot_check, rate: 0.1, overhead: 1.5, on_detect: keep}\n";

static struct og_scenario *load(const char *text, const char *const *ov, size_t n)
{
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  enum og_status st = og_scenario_parse(text, strlen(text), "t.yaml", ov, n, NULL, &sc, &err);
  if (st != OG_OK)
    fail_msg("scenario: %s", err.msg);
  return sc;
}

static void assert_close(double got, double want)
{
  if (!(fabs(got - want) <= 1e-12 * fabs(want)))
    fail_msg("got %.17g, want %.17g", got, want);
}

/* The hand computation, with theory.h's definitions: per class, the service
 * time alone is max(flops / (peak x efficiency), (weight_bytes + bytes) /
 * mem_bandwidth) x overhead (the protocol's cost on the whole pass),
 * averaged over the mix (0.25, 0.75).
 *   a: m1 1e12/(1e12 x 0.5) x 1.5 = 3 s; m2 4e12/0.5e12 x 1.5 = 12 s;
 *      mean 0.25 x 3 + 0.75 x 12 = 9.75 s
 *   b: m1 1e12/2e12 x 1.5 = 0.75 s; m2 max(2 s, 4e9/1e9 = 4 s) x 1.5 = 6 s;
 *      mean 0.25 x 0.75 + 0.75 x 6 = 4.6875 s
 * C = class cost x that x (1 - cost_factor 0.2), S = slash 0.5 x stake,
 * both weighted by the class's node count (the group names no class);
 * R = 0.25 x 0.01 + 0.75 x 0.03 = 0.025. */
static void closed_form_all_classes(void **state)
{
  (void)state;
  struct og_scenario *sc = load(base, NULL, 0);
  assert_true(sc->models[1].weight_bytes == 3e9 && sc->classes[1].mem_bw == 1e9);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  double C = (2 * 0.001 * 9.75 * 0.8 + 6 * 0.002 * 4.6875 * 0.8) / 8;
  double S = (2 * 0.5 * 10 + 6 * 0.5 * 2) / 8.0;
  double R = 0.025;
  assert_close(t.C, C);
  assert_close(t.S, S);
  assert_close(t.R, R);
  assert_close(t.p_star, C / (R + S));
  assert_close(t.p_star, 0.007575 / 2.025);
  assert_int_equal(t.n_why, 0);
  og_scenario_free(sc);
}

/* A group in class b only: C and S are class b's alone. */
static void closed_form_one_class(void **state)
{
  (void)state;
  const char *ov[] = {"dishonest[0].class=b"};
  struct og_scenario *sc = load(base, ov, 1);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  assert_close(t.C, 0.002 * 4.6875 * 0.8);
  assert_close(t.S, 0.5 * 2);
  assert_close(t.R, 0.025);
  assert_close(t.p_star, 0.0075 / 1.025);
  og_scenario_free(sc);
}

/* A check that misses a bad result at fn_rate: p* grows by 1 / (1 - f). */
static void closed_form_fn_rate(void **state)
{
  (void)state;
  const char *ov[] = {"verification.fn_rate=0.5"};
  struct og_scenario *sc = load(base, ov, 1);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  assert_close(t.p_star, 0.007575 / 2.025 / 0.5);
  og_scenario_free(sc);
}

/* No fee and no slash: R + S = 0 and p* is undefined. */
static void no_fee_no_slash(void **state)
{
  (void)state;
  const char *ov[] = {"economics.slash=0", "models[m1].fee=0", "models[m2].fee=0"};
  struct og_scenario *sc = load(base, ov, 3);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  assert_true(t.R == 0 && t.S == 0 && t.C > 0);
  assert_true(isnan(t.p_star));
  og_scenario_free(sc);
}

/* No dishonest group: nothing to compute, no caveat. */
static void no_dishonest(void **state)
{
  (void)state;
  char text[sizeof base];
  strcpy(text, base);
  char *d = strstr(text, "dishonest:");
  char *end = strchr(d, '\n');
  memmove(d, end + 1, strlen(end + 1) + 1);
  struct og_scenario *sc = load(text, NULL, 0);
  assert_int_equal(sc->n_dishonest, 0);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  assert_true(isnan(t.C) && isnan(t.R) && isnan(t.S) && isnan(t.p_star));
  assert_int_equal(t.n_why, 0);
  og_scenario_free(sc);
}

/* One feature switched on: exactly its caveat, which contains `text`. */
struct feature {
  const char *ov[2];
  const char *text;
};

static const struct feature features[] = {
  {{"verification.on_detect=eject"}, "ejected or jailed"},
  {{"verification.on_detect=jail"}, "ejected or jailed"},
  {{"node_classes[b].max_batch=4"}, "batches share the weight reads"},
  {{"dishonest[0].colludes=true"}, "colluding validators"},
  {{"dishonest[0].adaptive=true"}, "adaptive cheaters"},
  {{"dishonest[0].q=0.5"}, "only q of the requests"},
  {{"verification.adaptive=true"}, "follows reputation"},
  {{"verification.revalidation=2"}, "does not always convict"},
  {{"verification.invalidation=statistical"}, "does not always convict"},
  {{"verification.fp_rate=0.01"}, "fp_rate"},
  {{"economics.check_reward=0.001"}, "validator rewards"},
  {{"economics.whistleblower=0.5"}, "validator rewards"},
  {{"economics.block_time=5s"}, "settle per block"},
  {{"node_classes[a].mtbf=1h"}, "node failures"},
};

static void each_caveat_alone(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
    const struct feature *f = &features[i];
    struct og_scenario *sc = load(base, f->ov, 1);
    struct og_eq_theory t;
    og_eq_theory(sc, &t);
    if (t.n_why != 1 || !strstr(t.why[0], f->text))
      fail_msg("%s: %zu caveats, first '%s', want one with '%s'", f->ov[0], t.n_why,
               t.n_why ? t.why[0] : "", f->text);
    og_scenario_free(sc);
  }
}

/* Every feature at once: each caveat once, none repeated. */
static void all_caveats(void **state)
{
  (void)state;
  const char *ov[] = {"verification.on_detect=jail", "node_classes[b].max_batch=4",
                      "dishonest[0].colludes=true", "dishonest[0].adaptive=true",
                      "dishonest[0].q=0.5", "verification.adaptive=true",
                      "verification.revalidation=2", "verification.fp_rate=0.01",
                      "economics.check_reward=0.001", "economics.block_time=5s",
                      "node_classes[a].mtbf=1h"};
  struct og_scenario *sc = load(base, ov, sizeof ov / sizeof ov[0]);
  struct og_eq_theory t;
  og_eq_theory(sc, &t);
  assert_int_equal(t.n_why, 11);
  for (size_t i = 0; i < t.n_why; i++)
    for (size_t j = 0; j < i; j++)
      assert_true(t.why[i] != t.why[j]);
  /* the closed form ignores all of them */
  assert_close(t.p_star, 0.007575 / 2.025);
  og_scenario_free(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(closed_form_all_classes), cmocka_unit_test(closed_form_one_class),
      cmocka_unit_test(closed_form_fn_rate),
    cmocka_unit_test(no_fee_no_slash),         cmocka_unit_test(no_dishonest),
    cmocka_unit_test(each_caveat_alone),       cmocka_unit_test(all_caveats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
