/* The sweep journal: one line per finished task, appended and synced as
 * each task ends, so a sweep killed at any moment (SIGKILL included) loses
 * at most the tasks running then. Values are written as C99 hex floats, so
 * a resumed sweep's results are bit-identical to an uninterrupted one's.
 * A line cut short by the kill has no newline and is ignored. Format:
 *   ogsim-sweep-journal 2 ID SHARD_INDEX SHARD_COUNT N_TASKS TEXT BASE SETS SEED
 *   TASK \t N \t NAME \t UNIT \t DESC \t VALUE ... (N times)
 * TEXT, BASE, SETS: hashes of the sweep file, the base scenario and the sets
 * (struct og_sweep_ident), so a refused --resume says what changed. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep_exec.h"

struct og__journal {
  FILE *f;
  char *path;
};

#define HEADER_FMT "ogsim-sweep-journal 2 %016" PRIx64 " %zu %zu %zu %016" PRIx64 " %016" \
  PRIx64 " %016" PRIx64 " %" PRIu64

/* What differs between the journal's identity j and the sweep's, into buf. */
static void what_differs(const struct og_sweep_ident *j, const struct og_sweep *sw, char *buf,
                         size_t len)
{
  const struct og_sweep_ident *n = &sw->ident;
  size_t k = 0;
  buf[0] = 0;
  if (j->text != n->text)
    k += (size_t)snprintf(buf + k, len - k, "%sthe sweep file's text changed", k ? "; " : ": ");
  if (j->base != n->base && k < len)
    k += (size_t)snprintf(buf + k, len - k, "%sthe base scenario %s changed", k ? "; " : ": ",
                          sw->base);
  if (j->seed != n->seed && k < len)
    k += (size_t)snprintf(buf + k, len - k, "%sthe seed differs (journal %" PRIu64 ", now %"
                          PRIu64 ")", k ? "; " : ": ", j->seed, n->seed);
  if (j->sets != n->sets && k < len)
    snprintf(buf + k, len - k, "%sthe overrides (set: and --set) differ", k ? "; " : ": ");
}

static enum og_status header_ok(const char *line, const struct og_sweep *sw,
                                struct og_sweep_shard sh, const char *path, struct og_error *err)
{
  uint64_t id;
  size_t si, sn, nt;
  struct og_sweep_ident j;
  char why[512];
  int v2 = sscanf(line, "ogsim-sweep-journal 2 %" SCNx64 " %zu %zu %zu %" SCNx64 " %" SCNx64
                  " %" SCNx64 " %" SCNu64, &id, &si, &sn, &nt, &j.text, &j.base, &j.sets,
                  &j.seed) == 8;
  if (!v2 && sscanf(line, "ogsim-sweep-journal 1 %" SCNx64 " %zu %zu %zu", &id, &si, &sn, &nt) != 4)
    return og_error_set(err, OG_EPARSE, "%s: not an ogsim sweep journal", path);
  if (v2)
    what_differs(&j, sw, why, sizeof why);
  if (id != sw->id || nt != og_sweep_n_tasks(sw))
    return og_error_set(err, OG_EINVAL, "%s: the journal is of another sweep%s: remove it, or "
                        "run without --resume to start over", path,
                        v2 && why[0] ? why : " (or the sweep file, its base scenario, the seed "
                        "or --set changed)");
  if (si != sh.index || sn != sh.count)
    return og_error_set(err, OG_EINVAL, "%s: the journal is of shard %zu/%zu, not %zu/%zu",
                        path, si, sn, sh.index, sh.count);
  return OG_OK;
}

/* Split line (without its newline) at tabs, in place. */
static size_t fields(char *line, char **f, size_t max)
{
  size_t n = 0;
  for (char *p = line; n < max;) {
    f[n++] = p;
    p = strchr(p, '\t');
    if (!p)
      break;
    *p++ = 0;
  }
  return n;
}

/* A task line split into its nf fields f: into res via s (room for every
 * scalar); -1 when malformed (a torn last line). */
static int put_line(char **f, size_t nf, struct og_scalar *s, struct og_sweep_results *res,
                    struct og_error *err)
{
  char *end;
  size_t task = strtoul(f[0], &end, 10), n = nf > 1 ? strtoul(f[1], NULL, 10) : 0;
  if (*end || nf != 2 + 4 * n || task >= res->n_tasks || n == 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    char *v = f[2 + 4 * i + 3], *e;
    s[i] = (struct og_scalar){f[2 + 4 * i], f[2 + 4 * i + 1], f[2 + 4 * i + 2], strtod(v, &e)};
    if (e == v || *e)
      return -1;
  }
  return og_sweep_results_put(res, task, s, n, err) == OG_OK ? 0 : -2;
}

/* One task line into res (as many scalars as it holds: a run's summary
 * grows with its node classes); -1 when malformed, -2 on an error. */
static int load_line(char *line, struct og_sweep_results *res, struct og_error *err)
{
  size_t max = 1;
  for (const char *p = line; (p = strchr(p, '\t')); p++)
    max++;
  char **f = malloc(max * sizeof *f);
  struct og_scalar *s = malloc((max / 4 + 1) * sizeof *s);
  int rc = -2;
  if (!f || !s)
    og_error_set(err, OG_ENOMEM, "out of memory reading the journal");
  else
    rc = put_line(f, fields(line, f, max), s, res, err);
  free(f);
  free(s);
  return rc;
}

/* Read the journal into res; *whole gets the length of its complete lines
 * (a line cut short by a kill is dropped, and that task runs again). */
static enum og_status load(FILE *f, const char *path, const struct og_sweep *sw,
                           struct og_sweep_shard sh, struct og_sweep_results *res, long *whole,
                           struct og_error *err)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  enum og_status st = OG_OK;
  *whole = 0;
  for (size_t no = 0; st == OG_OK && (len = getline(&line, &cap, f)) > 0; no++) {
    if (line[len - 1] != '\n')
      break;
    line[len - 1] = 0;
    int rc = no == 0 ? 0 : load_line(line, res, err);
    if (no == 0)
      st = header_ok(line, sw, sh, path, err);
    else if (rc == -2)
      st = OG_EINVAL;
    else if (rc == -1)
      st = og_error_set(err, OG_EPARSE, "%s:%zu: malformed journal line", path, no + 1);
    *whole += (long)len;
  }
  free(line);
  if (st == OG_OK && *whole == 0)
    st = og_error_set(err, OG_EPARSE, "%s: empty journal", path);
  return st;
}

enum og_status og__journal_open(const char *out, const struct og_sweep *sw,
                                struct og_sweep_shard shard, int resume,
                                struct og_sweep_results *res, struct og__journal **jp,
                                struct og_error *err)
{
  *jp = NULL;
  struct og__journal *j = calloc(1, sizeof *j);
  size_t len = strlen(out) + 16;
  if (!j || !(j->path = malloc(len))) {
    free(j);
    return og_error_set(err, OG_ENOMEM, "out of memory");
  }
  snprintf(j->path, len, "%s.journal", out);
  FILE *old = resume ? fopen(j->path, "r") : NULL;
  long whole = 0;
  enum og_status st = old ? load(old, j->path, sw, shard, res, &whole, err) : OG_OK;
  if (old)
    fclose(old);
  if (st == OG_OK && old && truncate(j->path, whole) != 0)
    st = og_error_set(err, OG_EIO, "%s: cannot write: %s", j->path, strerror(errno));
  if (st == OG_OK && !(j->f = fopen(j->path, old ? "ae" : "we")))
    st = og_error_set(err, OG_EIO, "%s: cannot write: %s", j->path, strerror(errno));
  if (st == OG_OK && !old)
    fprintf(j->f, HEADER_FMT "\n", sw->id, shard.index, shard.count, og_sweep_n_tasks(sw),
            sw->ident.text, sw->ident.base, sw->ident.sets, sw->ident.seed);
  if (st == OG_OK && (fflush(j->f) != 0 || fsync(fileno(j->f)) != 0))
    st = og_error_set(err, OG_EIO, "%s: cannot write: %s", j->path, strerror(errno));
  if (st != OG_OK) {
    og__journal_close(j, 0);
    return st;
  }
  *jp = j;
  return OG_OK;
}

enum og_status og__journal_add(struct og__journal *j, size_t task, const struct og_scalar *s,
                               size_t n, struct og_error *err)
{
  fprintf(j->f, "%zu\t%zu", task, n);
  for (size_t i = 0; i < n; i++)
    fprintf(j->f, "\t%s\t%s\t%s\t%a", s[i].name, s[i].unit ? s[i].unit : "",
            s[i].desc ? s[i].desc : "", s[i].value);
  fputc('\n', j->f);
  if (fflush(j->f) != 0 || fdatasync(fileno(j->f)) != 0)
    return og_error_set(err, OG_EIO, "%s: cannot write: %s", j->path, strerror(errno));
  return OG_OK;
}

void og__journal_close(struct og__journal *j, int remove)
{
  if (!j)
    return;
  if (j->f)
    fclose(j->f);
  if (remove)
    unlink(j->path);
  free(j->path);
  free(j);
}
