/* Unit tests: scenario schema, defaults, overrides and error messages. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scenario.h"

static const char minimal[] = "duration: 10s\n"
                              "regions: [{name: us}, {name: eu}]\n"
                              "models: [{name: m, flops: 1GFlop}, {name: n, flops: 2GFlop}]\n"
                              "node_classes:\n"
                              "  - {name: h100, region: eu, count: 3, peak: 1TFlops}\n"
                              "workload: {rate: 100/s}\n";

static struct og_scenario *load_text(const char *text, const char *const *ov, size_t n,
                                     struct og_error *err)
{
  struct og_scenario *sc = NULL;
  enum og_status st = og_scenario_parse(text, strlen(text), "t.yaml", ov, n, NULL, &sc, err);
  assert_true((st == OG_OK) == (sc != NULL));
  return sc;
}

static void expect_error(const char *text, const char *const *ov, size_t n, const char *msg)
{
  struct og_error err = {{0}};
  struct og_scenario *sc = load_text(text, ov, n, &err);
  assert_null(sc);
  if (!strstr(err.msg, msg))
    fail_msg("message '%s' does not contain '%s'", err.msg, msg);
}

static void defaults(void **state)
{
  (void)state;
  struct og_error err = {{0}};
  struct og_scenario *sc = load_text(minimal, NULL, 0, &err);
  assert_non_null(sc);
  assert_string_equal(sc->name, "t");
  assert_int_equal(sc->seed, 1);
  assert_true(sc->warmup == 0 && sc->drain == 60);
  assert_int_equal(sc->net_mode, OG_NET_HYBRID);
  assert_true(sc->flow_threshold == 64e3);
  assert_true(sc->regions[0].latency == 500e-6 && sc->regions[0].bandwidth == 1.25e9);
  assert_true(sc->classes[0].efficiency == 1 && sc->classes[0].max_batch == 1);
  assert_true(sc->classes[0].mttr == 300 && sc->classes[0].mtbf == 0);
  assert_int_equal(sc->classes[0].region, 1);
  assert_true(sc->models[0].request_bytes == 1000);
  /* one client per region and every model, equal shares */
  assert_int_equal(sc->workload.n_clients, 2);
  assert_true(sc->workload.clients[1].share == 0.5);
  assert_int_equal(sc->workload.n_mix, 2);
  assert_int_equal(sc->workload.mix[1].model, 1);
  assert_true(sc->workload.timeout == 30 && sc->workload.max_retries == 1);
  assert_int_equal(sc->gateway_region, 0);
  assert_int_equal(sc->routing, OG_ROUTE_RANDOM);
  assert_int_equal(og_scenario_node_count(sc), 3);
  assert_string_equal(sc->overrides, "");
  og_scenario_free(sc);
}

static void baseline_file(void **state)
{
  (void)state;
  char path[4096];
  const char *src = getenv("OGSIM_SOURCE_DIR");
  snprintf(path, sizeof path, "%s/scenarios/baseline.yaml", src ? src : ".");
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  assert_int_equal(og_scenario_load(path, NULL, 0, NULL, &sc, &err), OG_OK);
  assert_int_equal(og_scenario_node_count(sc), 1200);
  assert_true(sc->classes[0].peak_flops == 989e12);
  assert_true(fabs(sc->classes[0].cost_per_s - 2.5 / 3600) < 1e-15);
  assert_true(sc->workload.rate == 8000);
  assert_true(fabs(sc->workload.clients[2].share - 0.2) < 1e-15);
  assert_int_equal(sc->routing, OG_ROUTE_POWER_OF_TWO);
  /* the LLM is a zoo decoder with per-request lengths, served token by
   * token on every class; the classifier stays one forward pass */
  for (size_t i = 0; i < sc->n_classes; i++)
    assert_int_equal(sc->classes[i].serving, OG_SERVING_CONTINUOUS);
  const struct og_model *llm = &sc->models[0], *cls = &sc->models[1];
  assert_string_equal(llm->zoo, "llama-3-8b");
  assert_true(llm->llm);
  assert_int_equal(llm->prompt.dist, OG_SHAPE_LOGNORMAL);
  assert_int_equal(llm->output.dist, OG_SHAPE_LOGNORMAL);
  assert_true(llm->prompt.median == 1020 && llm->output.median == 129);
  assert_false(cls->llm);
  assert_true(cls->flops == 4e9);
  assert_true(sc->slo.ttft == 1 && fabs(sc->slo.tpot - 0.1) < 1e-15);
  assert_true(strstr(sc->text, "name: baseline") != NULL);
  og_scenario_free(sc);
}

static void overrides(void **state)
{
  (void)state;
  const char *ov[] = {"workload.rate=5000/s", "node_classes[h100].count=7",
                      "gateway.routing=least_loaded", "regions.1.latency=3ms"};
  struct og_error err = {{0}};
  uint64_t seed = 99;
  struct og_scenario *sc = NULL;
  assert_int_equal(og_scenario_parse(minimal, strlen(minimal), "t.yaml", ov, 4, &seed, &sc, &err),
                   OG_OK);
  assert_true(sc->workload.rate == 5000);
  assert_int_equal(sc->classes[0].count, 7);
  assert_int_equal(sc->routing, OG_ROUTE_LEAST_LOADED);
  assert_true(sc->regions[1].latency == 3e-3);
  assert_int_equal(sc->seed, 99);
  assert_non_null(strstr(sc->overrides, "workload.rate=5000/s\n"));
  og_scenario_free(sc);
}

static void override_errors(void **state)
{
  (void)state;
  const char *bad_type[] = {"workload.rate=lots"};
  expect_error(minimal, bad_type, 1, "--set workload.rate=lots: workload.rate: expected a rate");
  const char *bad_key[] = {"workload.rat=5"};
  expect_error(minimal, bad_key, 1, "--set workload.rat=5: workload: unknown key 'rat'");
  const char *no_eq[] = {"workload.rate"};
  expect_error(minimal, no_eq, 1, "--set 'workload.rate': expected PATH=VALUE");
  const char *no_item[] = {"node_classes[7].count=2"};
  expect_error(minimal, no_item, 1, "no list item '7'");
  const char *not_scalar[] = {"regions=3"};
  expect_error(minimal, not_scalar, 1, "'regions' is not a single value");
  const char *list_item[] = {"node_classes[h100]=3"};
  expect_error(minimal, list_item, 1,
               "--set node_classes[h100]=3: list item 'h100' is not a single value");
  const char *by_index[] = {"regions.0=x"};
  expect_error(minimal, by_index, 1, "list item '0' is not a single value");
  const char *no_name[] = {"node_classes[a100].count=2"};
  expect_error(minimal, no_name, 1, "--set node_classes[a100].count=2: no list item 'a100'");
  const char *inside[] = {"workload.rate.x=1"};
  expect_error(minimal, inside, 1, "'x' is inside a single value");
  static const char *const malformed[] = {"a..b=1", "a.=1", "[0].a=1", "a[0=1", "a]b=1",
                                          "a[0]b=1", "a[]=1"};
  for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
    expect_error(minimal, &malformed[i], 1, "malformed path");
  const char *new_key[] = {"gateway.rooting=random"};
  expect_error(minimal, new_key, 1, "--set gateway.rooting=random: gateway: unknown key 'rooting'");
  const char *bad_ref[] = {"node_classes[0].region=mars"};
  expect_error(minimal, bad_ref, 1,
               "--set node_classes[0].region=mars: node_classes[0].region: unknown region 'mars' "
               "(known: us, eu)");
}

/* An override that creates a whole nested mapping, and one inside it. */
static void override_creates(void **state)
{
  (void)state;
  const char *ov[] = {"output.requests=true", "output.timeseries_interval=250ms",
                      "network.wan_latency=80ms"};
  struct og_error err = {{0}};
  struct og_scenario *sc = load_text(minimal, ov, 3, &err);
  assert_non_null(sc);
  assert_int_equal(sc->trace_requests, 1);
  assert_true(sc->ts_interval == 0.25 && sc->wan_latency == 0.08);
  assert_string_equal(sc->overrides,
                      "output.requests=true\noutput.timeseries_interval=250ms\n"
                      "network.wan_latency=80ms\n");
  og_scenario_free(sc);
}

static void positions_and_messages(void **state)
{
  (void)state;
  expect_error("name: x\nduration: 10s\nregions: [{name: us}]\nmodels: [{name: m, flops: 1Gf}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {rate: 100/s}\n  # a comment\nwormup: 1s\n",
               NULL, 0, "t.yaml:8:1: scenario: unknown key 'wormup' (expected one of: name, seed");
  expect_error("name: x\nduration: 10s\nregions: [{name: us}]\nmodels: [{name: m, flops: 1Gf}]\n"
               "node_classes:\n  - name: c\n    peek: 1TFlops\n",
               NULL, 0, "t.yaml:7:5: node_classes[0]: unknown key 'peek' (expected one of: name, "
               "region, count, peak");
  expect_error("duration: 0s\n", NULL, 0, "t.yaml:1:11: duration: must be > 0, got 0s");
  expect_error("", NULL, 0, "t.yaml:1:1: scenario: expected a mapping at the top level");
  expect_error("- a\n", NULL, 0, "t.yaml:1:1: scenario: expected a mapping at the top level");
  expect_error("duration: [10s\n", NULL, 0, "t.yaml:2:1: YAML syntax error: ");
  expect_error("duration: 10s\n---\nduration: 5s\n", NULL, 0,
               "t.yaml:2:1: scenario: a second YAML document");
  expect_error("duration: 10s\nregions: [{name: us}, {name: us}]\nmodels: [{name: m, flops: 1Gf}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {rate: 100/s}\n", NULL, 0,
               "t.yaml:2:30: regions[1].name: duplicate region 'us'");
  expect_error("duration: 10s\nwarmup: 1min\nregions: [{name: us}]\n"
               "models: [{name: m, flops: 1Gf}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {rate: 100/s}\n",
               NULL, 0, "t.yaml:2:9: warmup: must be less than duration (10s), got 60s");
  expect_error("duration: 10s\nregions: [{name: us}]\nmodels: [{name: m, flops: 1GFlop}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {rate: 100/s}\ngateway:\n  region: us\n  rooting: random\n",
               NULL, 0, "t.yaml:8:3: gateway: unknown key 'rooting'");
  expect_error("duration: 10s\nregions: [{name: us}]\nmodels: [{name: m, flops: 1GFlop}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {arrival: mmpp, rate: 5/s, mmpp: [{rate: 1/s, dwell: 1s}, "
               "{rate: 2/s, dwell: 1s}]}\n",
               NULL, 0, "workload.rate: a single rate with mmpp arrivals");
  expect_error("duration: 10s\nregions: [{name: us}, {name: eu}]\nmodels: [{name: m, flops: 1Gf}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "network: {wan: [{between: [us, us], latency: 1ms}]}\n"
               "workload: {rate: 100/s}\n",
               NULL, 0, "network.wan[0].between: a WAN link joins two different regions");
  expect_error("duration: 10s\nregions: [{name: us}]\nmodels: [{name: m, flops: 1Gf}]\n"
               "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
               "workload: {rate: 100/s, mix: [{model: m, share: 1}, {model: m, share: 2}]}\n",
               NULL, 0, "workload.mix[1]: the same model appears twice");
}

static void shares_normalised(void **state)
{
  (void)state;
  const char text[] = "duration: 10s\nregions: [{name: us}, {name: eu}]\n"
                      "models: [{name: m, flops: 1Gf}]\n"
                      "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
                      "workload: {rate: 100/s, clients: [{region: eu, share: 3}, "
                      "{region: us, share: 1}]}\n";
  struct og_error err = {{0}};
  struct og_scenario *sc = load_text(text, NULL, 0, &err);
  assert_non_null(sc);
  assert_int_equal(sc->workload.clients[0].region, 1);
  assert_true(sc->workload.clients[0].share == 0.75 && sc->workload.clients[1].share == 0.25);
  og_scenario_free(sc);
}

static void missing_file(void **state)
{
  (void)state;
  struct og_scenario *sc = (struct og_scenario *)1;
  struct og_error err = {{0}};
  assert_int_equal(og_scenario_load("/nonexistent/x.yaml", NULL, 0, NULL, &sc, &err), OG_EIO);
  assert_null(sc);
  assert_string_equal(err.msg, "/nonexistent/x.yaml: cannot read: No such file or directory");
  og_scenario_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(defaults), cmocka_unit_test(baseline_file), cmocka_unit_test(overrides),
    cmocka_unit_test(override_errors), cmocka_unit_test(override_creates),
    cmocka_unit_test(positions_and_messages),
    cmocka_unit_test(shares_normalised), cmocka_unit_test(missing_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
