/* Unit tests: the pre-run estimate's arithmetic (sim/include/ogsim/estimate.h), its
 * inputs from a scenario, the refusal, and the WAN pairs it counts. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "estimate.h"
#include "scenario.h"
#include "wan_pairs.h"

static void close_to(double got, double want)
{
  if (fabs(got - want) > 1e-12 * fabs(want))
    fail_msg("got %.17g, want %.17g", got, want);
}

static struct og_estimate_in base_in(void)
{
  return (struct og_estimate_in){
    .nodes = 1000, .clients = 2, .regions = 3, .classes = 2, .actors = 1000, .node_hosts = 1,
    .stack_bytes = 16384, .wan_links = 2, .rate = 500, .duration = 10, .drain = 5,
    .hold = 60, .capacity = 1e6, .ts_interval = 1, .generated = 1, .exact_max = 4194304,
  };
}

static void arithmetic(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.requests, 5000);
  close_to(e.in_flight, 0);
  close_to(e.ts_rows, 15);
  close_to(e.base_mem, 48e6);
  /* guarded stacks: half resident; a generated platform's nodes share
   * their region's routes */
  close_to(e.node_mem, 1000 * (5.2e3 + 8192));
  close_to(e.request_mem, 5000 * 74.0);
  close_to(e.trace_mem, 0);
  close_to(e.ts_mem, 15 * (32 + 8 * 2));
  close_to(e.platform_mem, 9 * 8 + 2 * 1e3);
  close_to(e.platform_xml, (1000 + 2 + 1 + 3) * 280.0 + 2 * 200.0);
  close_to(e.total_mem, e.base_mem + e.node_mem + e.request_mem + e.ts_mem + e.platform_mem);
}

/* Nodes run by the event loop: no actor, no host of their own (one per
 * region in the platform's XML). */
static void event_loop(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.actors = 0;
  in.node_hosts = 0;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.node_mem, 1000 * 1.2e3);
  close_to(e.platform_xml, (3 + 2 + 1 + 3) * 280.0 + in.wan_links * 200.0);
  in.continuous_share = 0.5; /* half the nodes on the continuous engine: 808 B more each */
  og_estimate_compute(&in, &e);
  close_to(e.node_mem, 1000 * 1.2e3 + 500 * 808.0);
}

static void unguarded_exact_trace(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.nodes = 20000;
  in.actors = 40000; /* over OG_GUARDED_ACTORS_MAX: stacks resident in full */
  in.exact = 1;
  in.trace = 1;
  in.generated = 0;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.node_mem, 20000 * (5.2e3 + 2 * 16384 + 15e3 + 2 * 16));
  close_to(e.trace_mem, 5000 * 150.0);
  close_to(e.platform_mem + e.platform_xml + 1, 1);
}

/* 256 KiB stacks (real forward passes): at most 32 KiB resident when
 * guarded, 0.6 of the stack when not. */
static void large_stacks(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.stack_bytes = 262144;
  in.nodes = in.actors = 12000;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.node_mem, 12000 * (5.2e3 + 32768));
  in.nodes = in.actors = 48000;
  og_estimate_compute(&in, &e);
  close_to(e.node_mem, 48000 * (5.2e3 + 0.6 * 262144));
}

/* Completed requests' records are kept up to the exact limit, then the
 * percentiles come from sketches (none kept with quantiles: sketch). */
static void exact_limit(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.rate = 1e6;
  in.duration = 20;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.requests, 2e7);
  close_to(e.request_mem, 4194304 * 74.0);
  in.exact_max = 0;
  og_estimate_compute(&in, &e);
  close_to(e.request_mem + 1, 1);
}

static void saturated(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.rate = 1e5;
  in.capacity = 4e4;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.requests, 1e6);
  close_to(e.in_flight, 6e4 * 60 > 1e6 ? 1e6 : 6e4 * 60);
  close_to(e.in_flight_mem, e.in_flight * 170.0);
  close_to(e.request_mem, (e.requests - e.in_flight) * 74.0);
}

/* Weight loads (docs/loading.md): each running at once an actor with its
 * stack (guarded while actors and loads stay under the limit) and 1.2 kB;
 * requests wait for the loads at t = 0 (4 s of 500/s here). */
static void loading(void **state)
{
  (void)state;
  struct og_estimate_in in = base_in();
  in.actors = 0;
  in.loads = 2000;
  in.load_wait = 4;
  struct og_estimate e;
  og_estimate_compute(&in, &e);
  close_to(e.load_mem, 2000 * (8192 + 1.2e3));
  close_to(e.in_flight, 500 * 4);
  close_to(e.total_mem, e.base_mem + e.node_mem + e.request_mem + e.in_flight_mem + e.ts_mem +
                            e.platform_mem + e.load_mem);
  in.loads = 40000;
  in.load_wait = 100; /* longer than the hold (60 s), more than all 5,000 requests */
  og_estimate_compute(&in, &e);
  close_to(e.load_mem, 40000 * (16384 + 1.2e3));
  close_to(e.in_flight, 5000);
}

static void refusal(void **state)
{
  (void)state;
  struct og_estimate e = {.node_mem = 3e12, .total_mem = 3e12 + 48e6};
  struct og_error err = {{0}};
  assert_int_equal(og_estimate_check(&e, 4e12, &err), OG_OK);
  assert_int_equal(og_estimate_check(&e, 16e9, &err), OG_EINVAL);
  if (!strstr(err.msg, "3 TB") || !strstr(err.msg, "16 GB") ||
      !strstr(err.msg, "node_classes[].count") || !strstr(err.msg, "--force"))
    fail_msg("message: %s", err.msg);
}

static const char *const text =
    "duration: 10s\n"
    "drain: 5s\n"
    "regions: [{name: a}, {name: b}, {name: c}, {name: d}]\n"
    "network: {wan: [{between: [d, b], latency: 9ms, bandwidth: 1Gbps}]}\n"
    "models: [{name: m, flops: 1TFlop}]\n"
    "node_classes:\n"
    "  - {name: x, region: b, count: 10, peak: 100TFlops, max_batch: 4}\n"
    "  - {name: y, region: c, count: 30, peak: 100TFlops}\n"
    "workload: {arrival: mmpp, mmpp: [{rate: 100/s, dwell: 3s}, {rate: 500/s, dwell: 1s}],\n"
    "           clients: [{region: d, share: 1}], timeout: 2s, max_retries: 1}\n"
    "gateway: {region: a}\n";

static void from_scenario(void **state)
{
  (void)state;
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  if (og_scenario_parse(text, strlen(text), "t.yaml", NULL, 0, NULL, &sc, &err) != OG_OK)
    fail_msg("%s", err.msg);
  struct og_estimate_in in;
  assert_int_equal(og_estimate_input(sc, &in), OG_OK);
  close_to(in.nodes, 40);
  close_to(in.rate, (100 * 3 + 500 * 1) / 4.0);
  close_to(in.hold, 4);
  close_to(in.capacity, 40 * 100.0); /* 10 ms per request, batches do not help compute */
  /* pairs: a (gateway) with b, c, d; b and c (nodes) with d (clients) */
  close_to(in.wan_links, 5);
  close_to(in.actors, 0); /* fast mode: the event loop */
  assert_int_equal(in.node_hosts, 0);
  struct og_wan_pairs p;
  assert_int_equal(og_wan_pairs_init(&p, sc), OG_OK);
  const size_t *list;
  assert_int_equal(og_wan_pairs_of(&p, 1, &list), 1);
  assert_int_equal(list[0], 3);
  close_to(og_wan_pairs_link(&p, sc, 1, 3)->latency, 9e-3);
  assert_null(og_wan_pairs_link(&p, sc, 0, 3));
  og_wan_pairs_fini(&p);
  og_scenario_free(sc);
}

/* Class x (region b, 10 nodes) loads from b's tier at 1 GB/s, class y
 * (region c, 30 nodes) from the global one at 4 GB/s, 2 GB each: with
 * preload false 40 loads at t = 0, and requests wait for the slowest
 * tier, 20 GB / 1 GB/s = 20 s (the global: 60 GB / 4 GB/s = 15 s). A
 * churning y (preload true) loads 0.5 joins/s x (2 GB / 4 GB/s + 2 GB /
 * 25 GB/s) = 0.29 at once (Little's law), and nothing waits at t = 0. */
static void from_scenario_loading(void **state)
{
  (void)state;
  static const char *const t =
      "duration: 10s\n"
      "regions: [{name: a}, {name: b}, {name: c}]\n"
      "models: [{name: m, flops: 1TFlop, weight_bytes: 2GB}]\n"
      "node_classes:\n"
      "  - {name: x, region: b, count: 10, peak: 100TFlops}\n"
      "  - {name: y, region: c, count: 30, peak: 100TFlops}\n"
      "storage: [{name: sb, region: b, bandwidth: 1GB/s}, {name: sg, bandwidth: 4GB/s}]\n"
      "placement: {preload: false}\n"
      "workload: {rate: 100/s}\n"
      "gateway: {region: a}\n";
  const char *churn[] = {"placement.preload=true", "node_classes[y].churn.join_rate=0.5/s",
                         "node_classes[y].churn.session.dist=exponential",
                         "node_classes[y].churn.session.mean=20s"};
  for (int c = 0; c < 2; c++) {
    struct og_scenario *sc = NULL;
    struct og_error err = {{0}};
    if (og_scenario_parse(t, strlen(t), "t.yaml", c ? churn : NULL, c ? 4 : 0, NULL, &sc,
                          &err) != OG_OK)
      fail_msg("%s", err.msg);
    struct og_estimate_in in;
    assert_int_equal(og_estimate_input(sc, &in), OG_OK);
    assert_int_equal(in.node_hosts, 1);
    close_to(in.loads, c ? 0.5 * (0.5 + 2.0 / 25) : 40);
    close_to(in.load_wait + 1, c ? 1 : 21);
    og_scenario_free(sc);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(arithmetic),
    cmocka_unit_test(event_loop),
    cmocka_unit_test(unguarded_exact_trace),
    cmocka_unit_test(large_stacks), cmocka_unit_test(saturated),
    cmocka_unit_test(exact_limit),
    cmocka_unit_test(refusal),
    cmocka_unit_test(from_scenario),
    cmocka_unit_test(loading),
    cmocka_unit_test(from_scenario_loading),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
