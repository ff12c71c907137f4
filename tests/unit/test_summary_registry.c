/* Unit tests: the summary registry (summary.def) is well formed, a run's
 * summary follows it entry by entry, and og_profit is the one formula. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "metrics.h"
#include "profit.h"
#include "scenario.h"
#include "summary.h"

static void entries_complete(void **state)
{
  (void)state;
  for (size_t id = 0; id < OG_N_SUM; id++) {
    const struct og_summary_entry *e = og_summary_entry(id);
    assert_non_null(e->name);
    assert_non_null(e->unit);
    assert_non_null(e->desc);
    assert_true(e->name[0]);
    assert_true(e->desc[0]);
    assert_in_range(e->section, OG_SEC_NONE + 1, OG_N_SECTIONS - 1);
    assert_non_null(og_summary_section_title(e->section));
  }
}

static void names_unique(void **state)
{
  (void)state;
  for (size_t i = 0; i < OG_N_SUM; i++)
    for (size_t j = i + 1; j < OG_N_SUM; j++)
      if (!strcmp(og_summary_entry(i)->name, og_summary_entry(j)->name))
        fail_msg("summary entry '%s' declared twice (%zu, %zu)", og_summary_entry(i)->name, i, j);
}

/* Each section is one run of entries, the runs in enum order, so that the
 * CLI prints each heading once and in the order of the titles. */
static void sections_contiguous(void **state)
{
  (void)state;
  enum og_section prev = OG_SEC_NONE;
  for (size_t id = 0; id < OG_N_SUM; id++) {
    enum og_section s = og_summary_entry(id)->section;
    if (s != prev)
      assert_int_equal(s, prev + 1);
    prev = s;
  }
  assert_int_equal(prev, OG_N_SECTIONS - 1);
}

static void titles(void **state)
{
  (void)state;
  assert_null(og_summary_section_title(OG_SEC_NONE));
  assert_null(og_summary_section_title(OG_N_SECTIONS));
  assert_string_equal(og_summary_section_title(OG_SEC_TRAFFIC), "traffic");
  assert_string_equal(og_summary_section_title(OG_SEC_FRAUD), "fraud detection");
  for (int a = 1; a < OG_N_SECTIONS; a++)
    for (int b = a + 1; b < OG_N_SECTIONS; b++)
      assert_string_not_equal(og_summary_section_title(a), og_summary_section_title(b));
}

static void section_by_name(void **state)
{
  (void)state;
  for (size_t id = 0; id < OG_N_SUM; id++) {
    const struct og_summary_entry *e = og_summary_entry(id);
    char name[128];
    snprintf(name, sizeof name, "%s%s", e->name, e->per_class ? "gpu_a" : "");
    assert_int_equal(og_summary_section_of(name), e->section);
  }
  assert_int_equal(og_summary_section_of("utilisation"), OG_SEC_NODES);
  assert_int_equal(og_summary_section_of("utilisation_"), OG_SEC_NONE);
  assert_int_equal(og_summary_section_of("wall_time"), OG_SEC_NONE);
  assert_int_equal(og_summary_section_of(""), OG_SEC_NONE);
}

static void profit(void **state)
{
  (void)state;
  assert_true(og_profit(10, 2.5, 4, 1.5) == 7);
  assert_true(og_profit(0, 0, 3, 0) == -3);
  assert_true(og_profit(1, 0, 0, 5) == -4);
  assert_true(isnan(og_profit(NAN, 1, 1, 1)));
}

static const char scenario[] =
  "duration: 10s\n"
  "regions: [{name: r}]\n"
  "models: [{name: m, flops: 1TFlop, fee: 0.01}]\n"
  "node_classes:\n"
  "  - {name: a, region: r, count: 2, peak: 1TFlops, cost: 3.6/h}\n"
  "  - {name: b, region: r, count: 3, peak: 2TFlops, cost: 7.2/h}\n"
  "workload: {rate: 10/s, mix: [{model: m, share: 1}]}\n";

/* The summary of a run (nothing happened in it) is the registry in order:
 * a per-class entry once per class, names, units and descriptions from the
 * declaration; optional entries (no LLM request, no iteration) left out. */
static void summary_follows_registry(void **state)
{
  (void)state;
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  assert_int_equal(og_scenario_parse(scenario, strlen(scenario), "t.yaml", NULL, 0, NULL, &sc,
                                     &err), OG_OK);
  uint32_t cls[5] = {0, 0, 1, 1, 1};
  struct og_node_stats ns[5] = {{0}};
  struct og_cheat_stats cs[5] = {{0}};
  int dishonest[5] = {0};
  struct og_metrics *m = NULL;
  assert_int_equal(og_metrics_new(sc, 5, cls, &m), OG_OK);
  assert_int_equal(og_metrics_finish(m, ns, cs, dishonest, 10, 20), OG_OK);
  size_t n, k = 0;
  const struct og_scalar *s = og_metrics_summary(m, &n);
  for (size_t id = 0; id < OG_N_SUM; id++) {
    const struct og_summary_entry *e = og_summary_entry(id);
    if (e->optional)
      continue;
    for (size_t c = 0; c < (e->per_class ? sc->n_classes : 1); c++, k++) {
      char name[128];
      snprintf(name, sizeof name, "%s%s", e->name, e->per_class ? sc->classes[c].name : "");
      assert_in_range(k, 0, n - 1);
      assert_string_equal(s[k].name, name);
      assert_ptr_equal(s[k].unit, e->unit);
      assert_ptr_equal(s[k].desc, e->desc);
    }
  }
  assert_int_equal(k, n);
  og_metrics_free(m);
  og_scenario_free(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(entries_complete),
    cmocka_unit_test(names_unique),
    cmocka_unit_test(sections_contiguous),
    cmocka_unit_test(titles),
    cmocka_unit_test(section_by_name),
    cmocka_unit_test(profit),
    cmocka_unit_test(summary_follows_registry),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
