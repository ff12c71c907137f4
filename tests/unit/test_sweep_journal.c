/* Unit tests: a sweep's journal reads back what it recorded, however many
 * scalars a task has (a run's summary grows by one per node class; lines
 * of more than 512 scalars were once refused as malformed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sweep.h"
#include "sweep_exec.h"

static struct og_sweep *load_sweep(void)
{
  char path[1024];
  struct og_sweep *sw = NULL;
  struct og_error err = {0};
  snprintf(path, sizeof path, "%s/tests/sweeps/resume.yaml", getenv("OGSIM_SOURCE_DIR"));
  if (og_sweep_load(path, NULL, 0, NULL, &sw, &err) != OG_OK)
    fail_msg("%s", err.msg);
  return sw;
}

/* Task 1 with n scalars journaled, then read back with --resume. */
static void wide_lines_read_back(size_t n)
{
  char dir[] = "/tmp/og-journal-XXXXXX", out[64];
  assert_non_null(mkdtemp(dir));
  snprintf(out, sizeof out, "%s/r.h5", dir);
  struct og_sweep *sw = load_sweep();
  struct og_sweep_shard whole = {0, 1};
  struct og_sweep_results *res = NULL, *back = NULL;
  struct og__journal *j = NULL;
  struct og_error err = {0};
  struct og_scalar *s = calloc(n, sizeof *s);
  char (*names)[16] = calloc(n, sizeof *names);
  assert_non_null(s);
  assert_non_null(names);
  for (size_t i = 0; i < n; i++) {
    snprintf(names[i], sizeof names[i], "m%zu", i);
    s[i] = (struct og_scalar){names[i], "s", "a metric", 0.5 + (double)i};
  }
  assert_int_equal(og_sweep_results_new(og_sweep_n_tasks(sw), &res), OG_OK);
  assert_int_equal(og__journal_open(out, sw, whole, 0, res, &j, &err), OG_OK);
  assert_int_equal(og__journal_add(j, 1, s, n, &err), OG_OK);
  og__journal_close(j, 0);
  assert_int_equal(og_sweep_results_new(og_sweep_n_tasks(sw), &back), OG_OK);
  if (og__journal_open(out, sw, whole, 1, back, &j, &err) != OG_OK)
    fail_msg("%zu scalars: %s", n, err.msg);
  og__journal_close(j, 1);
  assert_int_equal(back->n_done, 1);
  assert_true(back->done[1]);
  assert_int_equal(back->n_metrics, n);
  for (size_t i = 0; i < n; i++)
    if (strcmp(back->names[i], names[i]) || back->values[back->n_metrics + i] != 0.5 + (double)i)
      fail_msg("scalar %zu: %s = %g", i, back->names[i], back->values[back->n_metrics + i]);
  og_sweep_results_free(res);
  og_sweep_results_free(back);
  og_sweep_free(sw);
  free(s);
  free(names);
  rmdir(dir);
}

static void narrow_line(void **state)
{
  (void)state;
  wide_lines_read_back(3);
}

static void line_of_2000_scalars(void **state)
{
  (void)state;
  wide_lines_read_back(2000);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(narrow_line),
    cmocka_unit_test(line_of_2000_scalars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
