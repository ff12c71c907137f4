/* The scenario loader under allocation failure: each allocation of a load
 * is failed in turn (failmalloc.h), and every failure must come back as
 * OG_ENOMEM with an "out of memory" message, no scenario, and (under the
 * ASan build, ASAN_OPTIONS=detect_leaks=1) nothing leaked.
 *
 * --wrap reaches ogsim's static libraries only: allocations inside libyaml
 * (a shared library) are not failed here. libyaml running out of memory is
 * exercised instead by loading a large document under an address-space
 * limit (skipped under ASan, whose shadow memory needs the address space). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "failmalloc.h"
#include "scenario.h"

static const char *source_dir(void)
{
  const char *d = getenv("OGSIM_SOURCE_DIR");
  return d && *d ? d : ".";
}

/* Fail allocation 1, 2, ... of one load until a load runs with no failure;
 * returns how many allocations that load made. */
static long load_failing_each(const char *rel, const char *const *ov, size_t n_ov)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", source_dir(), rel);
  for (long n = 1;; n++) {
    struct og_scenario *sc = NULL;
    struct og_error err = {{0}};
    og_failmalloc_arm(n);
    enum og_status st = og_scenario_load(path, ov, n_ov, NULL, &sc, &err);
    int fired = og_failmalloc_fired();
    long count = og_failmalloc_count();
    og_failmalloc_arm(0);
    if (!fired) {
      if (st != OG_OK)
        fail_msg("%s: load with no failure: status %d, '%s'", rel, st, err.msg);
      og_scenario_free(sc);
      return count;
    }
    if (st != OG_ENOMEM || sc || !strstr(err.msg, "out of memory") || strstr(err.msg, "unknown"))
      fail_msg("%s: allocation %ld failed: status %d (want %d), scenario %p, message '%s'", rel,
               n, st, OG_ENOMEM, (void *)sc, err.msg);
  }
}

static void baseline(void **state)
{
  (void)state;
  long n = load_failing_each("scenarios/baseline.yaml", NULL, 0);
  if (n < 20)
    fail_msg("baseline load made %ld allocations, expected many more", n);
}

static void fraud_with_overrides(void **state)
{
  (void)state;
  const char *const ov[] = {"workload.rate=500/s", "node_classes[l4].count=20",
                            "dishonest[0].share=0.2", "verification.rate=0.1",
                            "economics.slash=0.5", "output.requests=true"};
  load_failing_each("scenarios/attack-lazy.yaml", ov, sizeof ov / sizeof ov[0]);
}

static void zoo_models(void **state)
{
  (void)state;
  const char *const ov[] = {"seed=7"};
  load_failing_each("tests/scenarios/zoo.yaml", ov, 1);
}

/* A document of n models, as text (owned by the caller). */
static char *many_models(size_t n, size_t *len)
{
  static const char head[] = "duration: 1s\nregions: [{name: us}]\nworkload: {rate: 1/s}\n"
                             "node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]\n"
                             "models:\n";
  size_t cap = sizeof head + n * 48;
  char *t = malloc(cap);
  assert_non_null(t);
  size_t k = (size_t)snprintf(t, cap, "%s", head);
  for (size_t i = 0; i < n; i++)
    k += (size_t)snprintf(t + k, cap - k, "  - {name: m%zu, flops: 1GFlop}\n", i);
  *len = k;
  return t;
}

static long vm_bytes(void)
{
  long pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f && fscanf(f, "%ld", &pages) != 1)
    pages = 0;
  if (f)
    fclose(f);
  return pages * sysconf(_SC_PAGESIZE);
}

/* libyaml out of memory (it builds ~300 MB of nodes for this text, allowed
 * 64 MB more than the process has): OG_ENOMEM, not a syntax error. */
static void libyaml_out_of_memory(void **state)
{
  (void)state;
#if defined(__SANITIZE_ADDRESS__)
  skip();
#endif
  size_t len;
  char *text = many_models(400000, &len);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    struct rlimit r = {.rlim_cur = (rlim_t)(vm_bytes() + (64L << 20))};
    r.rlim_max = r.rlim_cur;
    struct og_scenario *sc = NULL;
    struct og_error err = {{0}};
    enum og_status st = setrlimit(RLIMIT_AS, &r) == 0
                            ? og_scenario_parse(text, len, "many.yaml", NULL, 0, NULL, &sc, &err)
                            : OG_EIO;
    if (st != OG_ENOMEM || !strstr(err.msg, "out of memory"))
      fprintf(stderr, "status %d (want %d), message '%s'\n", st, OG_ENOMEM, err.msg);
    _exit(st == OG_ENOMEM && strstr(err.msg, "out of memory") ? 0 : 1);
  }
  int ws = 0;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  free(text);
  assert_true(WIFEXITED(ws));
  assert_int_equal(WEXITSTATUS(ws), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(baseline),
    cmocka_unit_test(fraud_with_overrides),
    cmocka_unit_test(zoo_models),
    cmocka_unit_test(libyaml_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
