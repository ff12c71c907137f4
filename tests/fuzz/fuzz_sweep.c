/* libFuzzer harness for the sweep loader: the input is a sweep file, then
 * optionally a line "#--set" and one command-line PATH=VALUE a line. The
 * file is written to a temporary folder that mirrors the source tree's
 * scenario folders, so that `base: ../attack-lazy.yaml` (as in
 * scenarios/sweeps/) and `base: ../scenarios/sweep-base.yaml` (as in
 * tests/sweeps/) both resolve. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "sweep.h"

#define SRC OGSIM_FUZZ_SOURCE_DIR

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096];  /* the temporary folder */
static char input[4200]; /* dir/sweeps/fuzz.yaml */

static void must(int ok, const char *what)
{
  if (!ok) {
    perror(what);
    abort();
  }
}

static void link_in(const char *target, const char *name)
{
  char at[4200];
  snprintf(at, sizeof at, "%s/%s", dir, name);
  must(symlink(target, at) == 0, at);
}

/* Remove dir's symlinks, the input and the folders. */
static void cleanup(void)
{
  DIR *d = opendir(dir);
  char at[4200];
  unlink(input);
  snprintf(at, sizeof at, "%s/sweeps", dir);
  rmdir(at);
  struct stat st;
  for (struct dirent *e; d && (e = readdir(d));) {
    snprintf(at, sizeof at, "%s/%s", dir, e->d_name);
    if (lstat(at, &st) == 0 && S_ISLNK(st.st_mode))
      unlink(at);
  }
  if (d)
    closedir(d);
  rmdir(dir);
}

/* dir/NAME -> SRC/scenarios/NAME for each base scenario, dir/scenarios ->
 * SRC/tests/scenarios, dir/models -> SRC/models, and dir/sweeps/ for the input. */
static void make_tree(void)
{
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/ogsim-fuzz-sweep-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  must(mkdtemp(dir) != NULL, dir);
  atexit(cleanup);
  DIR *d = opendir(SRC "/scenarios");
  must(d != NULL, SRC "/scenarios");
  char target[4200];
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.' || !strcmp(e->d_name, "sweeps"))
      continue;
    snprintf(target, sizeof target, "%s/%s", SRC "/scenarios", e->d_name);
    link_in(target, e->d_name);
  }
  closedir(d);
  link_in(SRC "/tests/scenarios", "scenarios");
  link_in(SRC "/models", "models");
  snprintf(input, sizeof input, "%s/sweeps", dir);
  must(mkdir(input, 0700) == 0, input);
  snprintf(input, sizeof input, "%s/sweeps/fuzz.yaml", dir);
}

static void write_input(const char *text, size_t len)
{
  FILE *f = fopen(input, "wb");
  must(f && fwrite(text, 1, len, f) == len && fclose(f) == 0, input);
}

/* What sweep.h promises of a loaded sweep: a grid that its axes fill, and
 * the overrides of its first and last points. */
static int consistent(const struct og_sweep *sw)
{
  size_t points = 1;
  int ok = sw->replications >= 1 && sw->base != NULL && sw->name != NULL;
  for (size_t d = 0; d < sw->n_dims; d++)
    points *= sw->dim_len[d];
  ok &= points == sw->n_points;
  for (size_t a = 0; a < sw->n_axes; a++)
    ok &= sw->axes[a].dim < sw->n_dims && sw->axes[a].n_values == sw->dim_len[sw->axes[a].dim];
  size_t ends[2] = {0, sw->n_points - 1};
  for (size_t i = 0; i < 2; i++) {
    char **sets;
    size_t n;
    ok &= og_sweep_point_sets(sw, ends[i], &sets, &n) == OG_OK &&
          n == sw->n_sets + sw->n_axes;
    og_sweep_strings_free(sets, n);
  }
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fuzz_input in;
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  if (!dir[0])
    make_tree();
  fuzz_input_split(data, size, &in);
  write_input(in.text, in.len);
  enum og_status st = og_sweep_load(input, in.sets, in.n_sets, NULL, &sw, &err);
  if ((st == OG_OK) != (sw != NULL) || (st != OG_OK && !err.msg[0]) || (sw && !consistent(sw)))
    abort();
  og_sweep_free(sw);
  fuzz_input_free(&in);
  return 0;
}
