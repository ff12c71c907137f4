/* Allocation-failure injection for the sweep loader: og_sweep_load of the
 * sweep files of scenarios/sweeps/ (zip and log axes, sets, --set and
 * --seed) with
 * the 1st, 2nd, ... allocation failing, until the load succeeds without a
 * failure. Each failed load must return OG_ENOMEM with a message, leave
 * *out NULL, and leak nothing (the ASan build checks, with
 * ASAN_OPTIONS=detect_leaks=1).
 *
 * What is counted (failmalloc.h): allocations from code linked into this
 * test, i.e. ogsim's static libraries. libyaml allocates from its shared
 * library, which -Wl,--wrap does not reach, so failures inside libyaml's
 * parser and document builder are not injected; libc's strdup and strndup
 * are wrapped and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "failmalloc.h"
#include "sweep.h"

static void source_path(char *buf, size_t len, const char *rel)
{
  const char *src = getenv("OGSIM_SOURCE_DIR");
  snprintf(buf, len, "%s/%s", src ? src : ".", rel);
}

/* Load with the nth allocation failing; 1 when the failure fired. */
static int load_failing(const char *path, long n, size_t tasks)
{
  static const char *const sets[] = {"duration=3s", "workload.rate=500/s"};
  const uint64_t seed = 7;
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  og_failmalloc_arm(n);
  enum og_status st = og_sweep_load(path, sets, 2, &seed, &sw, &err);
  int fired = og_failmalloc_fired();
  og_failmalloc_arm(0);
  if (!fired) {
    if (st != OG_OK)
      fail_msg("allocation %ld: no failure injected, yet %s: %s", n, og_strerror(st), err.msg);
    assert_int_equal(og_sweep_n_tasks(sw), tasks);
    og_sweep_free(sw);
    return 0;
  }
  if (st != OG_ENOMEM || sw || !err.msg[0] || strstr(err.msg, "unknown"))
    fail_msg("allocation %ld failed: status %s, out %p, message '%s'", n, og_strerror(st),
             (void *)sw, err.msg);
  return 1;
}

static void every_allocation_fails_cleanly(void **state)
{
  (void)state;
  static const struct {
    const char *file;
    size_t tasks;
  } sweeps[] = {{"scenarios/sweeps/slash-zip.yaml", 12},
                {"scenarios/sweeps/spotcheck-rate.yaml", 120}};
  for (size_t i = 0; i < sizeof sweeps / sizeof sweeps[0]; i++) {
    char path[4096];
    long n = 1;
    source_path(path, sizeof path, sweeps[i].file);
    while (load_failing(path, n, sweeps[i].tasks))
      n++;
    assert_true(n > 1);
    print_message("%s: %ld allocations, each failed once, all cleanly\n", sweeps[i].file,
                  n - 1);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_allocation_fails_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
