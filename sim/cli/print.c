/* Human-readable printing of scalars and of the progress line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "summary.h"

/* A value with four significant digits, its unit scaled to the value's
 * size (2.1 us, 3.4 k/s, 1.25 GiB): fixed decimals printed 2e-6 as 0.0000.
 * Whole unitless numbers (counts) print whole. */
static void scaled(char *buf, size_t len, double v, const char *const *units,
                   const double *factors, size_t n)
{
  size_t k = 0;
  while (k + 1 < n && fabs(v) >= factors[k + 1])
    k++;
  while (k > 0 && fabs(v) < factors[k] && v != 0)
    k--;
  snprintf(buf, len, "%.4g %s", v / factors[k], units[k]);
}

static void format_value(char *buf, size_t len, double v, const char *unit)
{
  static const char *const sec[] = {"ns", "us", "ms", "s"};
  static const double sec_f[] = {1e-9, 1e-6, 1e-3, 1};
  static const char *const bytes[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  static const double bytes_f[] = {1, 1024.0, 1048576.0, 1073741824.0, 1099511627776.0};
  static const char *const rate[] = {"1/s", "k/s", "M/s", "G/s"};
  static const double rate_f[] = {1, 1e3, 1e6, 1e9};
  static const char *const bw[] = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
  static const double bw_f[] = {1, 1e3, 1e6, 1e9, 1e12};
  if (isnan(v))
    snprintf(buf, len, "-");
  else if (isinf(v))
    snprintf(buf, len, "%s", v < 0 ? "-inf" : "inf");
  else if (!strcmp(unit, "s") && fabs(v) < 1)
    scaled(buf, len, v, sec, sec_f, 4);
  else if (!strcmp(unit, "B"))
    scaled(buf, len, v, bytes, bytes_f, 5);
  else if (!strcmp(unit, "1/s"))
    scaled(buf, len, v, rate, rate_f, 4);
  else if (!strcmp(unit, "B/s"))
    scaled(buf, len, v, bw, bw_f, 5);
  else if (!*unit && v == floor(v) && fabs(v) < 1e15)
    snprintf(buf, len, "%.0f", v);
  else if (!*unit)
    snprintf(buf, len, "%.4g", v);
  else
    snprintf(buf, len, "%.4g %s", v, unit);
}

static double value_of(const struct og_scalar *s, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s[i].name, name))
      return s[i].value;
  return 0;
}

/* What the hard stop cut off, if anything: requests and checks still open. */
static void cut_off_warning(FILE *f, const struct og_scalar *s, size_t n)
{
  double req = value_of(s, n, "requests_unfinished"), chk = value_of(s, n, "checks_unfinished");
  if (!(req > 0) && !(chk > 0))
    return;
  fprintf(f, "  WARNING: the run was cut off at the hard stop (duration + drain + timeout x "
          "(1 + max_retries)):");
  if (req > 0)
    fprintf(f, " %.0f requests still unresolved (the latency figures leave them out)%s", req,
            chk > 0 ? ";" : "");
  if (chk > 0)
    fprintf(f, " %.0f checks unfinished (the bad results they owed a verdict are in "
            "bad_results_pending, not bad_results_undetected)", chk);
  fprintf(f, "\n");
}

/* Joins refused (churn): a class's slots were all taken. */
static void refused_warning(FILE *f, double refused)
{
  if (refused > 0)
    fprintf(f, "  WARNING: %.0f joins found every slot of their class taken and were refused: "
            "a churning class's count (its slots) is too small for join_rate x the mean "
            "session; raise count unless a cap on the nodes online is meant (docs/churn.md)\n",
            refused);
}

/* Which entries a summary prints: every one (--all), or the headline's:
 * entries of level HEAD, of those repeated per class only the busiest
 * class's, per model only the slowest model's (largest latency_p99_). */
struct pick {
  int all;
  const char *cls, *model; /* the class and model shown; NULL: none */
  size_t classes, models;  /* how many there are */
};

/* The suffix after `prefix` of the entry with the largest value among those
 * named prefix<suffix> (ties: the first); *count: how many there are. */
static const char *largest(const struct og_scalar *s, size_t n, const char *prefix,
                           size_t *count)
{
  size_t len = strlen(prefix);
  const char *best = NULL;
  double v = -INFINITY;
  *count = 0;
  for (size_t i = 0; i < n; i++) {
    const struct og_summary_entry *e = og_summary_entry_of(s[i].name);
    if (!e || !e->per_class || strcmp(e->name, prefix))
      continue;
    ++*count;
    if (!best || s[i].value > v) {
      best = s[i].name + len;
      v = s[i].value;
    }
  }
  return best;
}

static void pick_init(struct pick *p, const struct og_scalar *s, size_t n, int all)
{
  p->all = all;
  p->cls = largest(s, n, "utilisation_", &p->classes);
  p->model = largest(s, n, "latency_p99_", &p->models);
}

static int picked(const struct pick *p, const struct og_scalar *s)
{
  if (p->all)
    return 1;
  const struct og_summary_entry *e = og_summary_entry_of(s->name);
  if (!e || !e->headline)
    return !e; /* not a summary entry (a /perf figure): printed */
  if (isnan(s->value))
    return 0; /* "-": nothing to say (no cheaters, no sampling) */
  const char *which = e->per_class == 1 ? p->cls : e->per_class == 2 ? p->model : NULL;
  return !e->per_class || (which && !strcmp(s->name + strlen(e->name), which));
}

/* The headline's lines end by this column: a description longer than its
 * room is cut at a word, "..." saying so (--all prints it whole). */
#define HEADLINE_COLUMNS 120

static void print_desc(FILE *f, const char *desc, int room, int all)
{
  int len = (int)strlen(desc);
  if (all || len <= room || room < 20) {
    fprintf(f, "%s\n", desc);
    return;
  }
  int cut = room - 3;
  while (cut > 0 && desc[cut] != ' ')
    cut--;
  while (cut > 0 && (desc[cut - 1] == ',' || desc[cut - 1] == ':' || desc[cut - 1] == ' '))
    cut--;
  fprintf(f, "%.*s...\n", cut > 0 ? cut : room - 3, desc);
}

/* The value of per-class entry prefix<cls>, NaN when s has none. */
static double class_value(const struct og_scalar *s, size_t n, const char *prefix,
                          const char *cls)
{
  size_t len = strlen(prefix);
  for (size_t i = 0; i < n; i++)
    if (!strncmp(s[i].name, prefix, len) && !strcmp(s[i].name + len, cls))
      return s[i].value;
  return NAN;
}

/* After the busiest class's entries in the headline: the resource its
 * passes wait on most, and how many classes the headline leaves out. */
static void bottleneck_line(FILE *f, const struct pick *p, const struct og_scalar *s, size_t n,
                            int width)
{
  double c = class_value(s, n, "compute_utilisation_", p->cls);
  double m = class_value(s, n, "memory_bw_utilisation_", p->cls);
  char desc[128];
  snprintf(desc, sizeof desc, "the larger of compute_ and memory_bw_utilisation_%s",
           p->classes > 1 ? " (the busiest class; --all prints each)" : "");
  int pad = width - (int)strlen("bottleneck_") - (int)strlen(p->cls);
  fprintf(f, "  bottleneck_%s%*s %16s   ", p->cls, pad > 0 ? pad : 0, "",
          isnan(c) || isnan(m) || (c == 0 && m == 0) ? "-" : c >= m ? "compute" : "memory bw");
  print_desc(f, desc, HEADLINE_COLUMNS - width - 21, 0);
}

/* Print the entries [lo, hi) of s that p picks (n of them: the warnings
 * look at all). */
static void print_range(FILE *f, const struct og_scalar *s, size_t n, size_t lo, size_t hi,
                        const struct pick *p)
{
  char buf[64];
  int width = 26; /* the names' column: the longest name, at least 26 */
  for (size_t i = 0; i < n; i++)
    if ((int)strlen(s[i].name) > width && strlen(s[i].name) < 64 && picked(p, &s[i]))
      width = (int)strlen(s[i].name);
  enum og_section prev = OG_SEC_NONE;
  for (size_t i = lo; i < hi; i++) {
    enum og_section sec = og_summary_section_of(s[i].name);
    if (sec != prev && og_summary_section_title(sec))
      fprintf(f, " %s:\n", og_summary_section_title(sec));
    prev = sec;
    if (picked(p, &s[i])) {
      format_value(buf, sizeof buf, s[i].value, s[i].unit ? s[i].unit : "");
      fprintf(f, "  %-*s %16s   ", width, s[i].name, buf);
      print_desc(f, s[i].desc ? s[i].desc : "", HEADLINE_COLUMNS - width - 21, p->all);
      if (!p->all && p->cls && !strncmp(s[i].name, "memory_bw_utilisation_", 22))
        bottleneck_line(f, p, s, n, width);
    }
    if (!strcmp(s[i].name, "requests_unfinished"))
      cut_off_warning(f, s, n);
    if (!strcmp(s[i].name, "joins_refused"))
      refused_warning(f, s[i].value);
  }
}

void og_cli_print_scalars(FILE *f, const struct og_scalar *s, size_t n)
{
  struct pick p = {.all = 1};
  print_range(f, s, n, 0, n, &p);
}

/* Whether the section of entry i (entries i .. *end) has only 0 and NaN. */
static int section_empty(const struct og_scalar *s, size_t n, size_t i, size_t *end)
{
  enum og_section sec = og_summary_section_of(s[i].name);
  int empty = 1;
  size_t j = i;
  for (; j < n && og_summary_section_of(s[j].name) == sec; j++)
    empty &= isnan(s[j].value) || s[j].value == 0;
  *end = j;
  return empty;
}

void og_cli_print_perf(FILE *f, const struct og_scalar *s, size_t n, int all)
{
  static const char *const head[] = {"wall_time", "requests_per_wall_second", "peak_rss"};
  char buf[64];
  int any = 0;
  fprintf(f, "simulator performance:%s", all ? "\n" : "");
  if (all) {
    og_cli_print_scalars(f, s, n);
    return;
  }
  for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
    for (size_t i = 0; i < n; i++) {
      if (strcmp(s[i].name, head[k]))
        continue;
      format_value(buf, sizeof buf, s[i].value, s[i].unit ? s[i].unit : "");
      fprintf(f, "%s %s %s", any ? "," : "", s[i].name, buf);
      any = 1;
    }
  fprintf(f, " (--all prints every figure)\n");
}

/* Entries of [lo, hi) that p picks. */
static size_t count_picked(const struct pick *p, const struct og_scalar *s, size_t lo, size_t hi)
{
  size_t k = 0;
  for (size_t i = lo; i < hi; i++)
    k += picked(p, &s[i]) != 0;
  return k;
}

void og_cli_print_summary(FILE *f, const struct og_scalar *s, size_t n, int all)
{
  struct pick p;
  pick_init(&p, s, n, all);
  size_t i = 0, end, shown = 0;
  while (i < n) {
    enum og_section sec = og_summary_section_of(s[i].name);
    const char *title = og_summary_section_title(sec);
    int empty = section_empty(s, n, i, &end);
    size_t k = count_picked(&p, s, i, end);
    if (!all && empty && title) {
      fprintf(f, " %s: every entry 0 or - (--all prints them)\n", title);
    } else if (!all && k == 0 && title) {
      fprintf(f, " %s: %zu entries, none in the headline (--all prints them)\n", title, end - i);
      print_range(f, s, n, i, end, &p); /* its warnings */
    } else {
      print_range(f, s, n, i, end, &p);
      shown += k;
    }
    i = end;
  }
  if (!all && shown < n)
    fprintf(f, " %zu more entries: --all prints them (the results file and report --format "
            "csv|json have every one)\n", n - shown);
}

void og_cli_print_warnings(FILE *f, const struct og_attr *attrs, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (strcmp(attrs[i].name, "warnings") || !attrs[i].text)
      continue;
    for (const char *p = attrs[i].text; *p;) {
      const char *nl = strchr(p, '\n');
      size_t len = nl ? (size_t)(nl - p) : strlen(p);
      fprintf(f, "  %.*s\n", (int)len, p);
      p += len + (nl != NULL);
    }
  }
}

/* Seconds between progress lines when stderr is not a terminal:
 * OGSIM_PROGRESS_INTERVAL, else 10. */
static double line_interval(void)
{
  const char *v = getenv("OGSIM_PROGRESS_INTERVAL");
  char *end;
  double x = v && *v ? strtod(v, &end) : NAN;
  return v && *v && !*end && x >= 0 ? x : 10.0;
}

static void progress_text(char *buf, size_t len, const struct og_progress *p)
{
  double rate = p->wall > 0 ? (double)p->resolved / p->wall : 0;
  if (p->sim_time < p->sim_end) {
    double frac = p->sim_time / p->sim_end;
    double eta = frac > 0 ? p->wall * (1 - frac) / frac : NAN;
    snprintf(buf, len, "[%3.0f%%] sim %.1f/%.1f s  %llu requests  %.0f req/s  ETA %.0f s",
             100 * frac, p->sim_time, p->sim_end, p->resolved, rate, eta);
  } else {
    snprintf(buf, len, "[done issuing] sim %.1f s  %llu requests  %.0f req/s  %llu unresolved "
             "(hard stop %.1f s)", p->sim_time, p->resolved, rate, p->unresolved, p->hard_stop);
  }
}

/* On a terminal, one line refreshed in place after two seconds; otherwise
 * (batch jobs, CI logs) a new line every line_interval() seconds. */
void og_cli_progress(void *ud, const struct og_progress *p)
{
  struct progress_state *ps = ud;
  char buf[256];
  if (!ps->started) {
    ps->started = 1;
    ps->tty = isatty(STDERR_FILENO);
    ps->interval = ps->tty ? 0.25 : line_interval();
    ps->last_print = ps->tty ? 2.0 - ps->interval : 0;
  }
  if (p->wall - ps->last_print < ps->interval)
    return;
  ps->last_print = p->wall;
  progress_text(buf, sizeof buf, p);
  if (ps->tty) {
    ps->printed = 1;
    fprintf(stderr, "\r%s   ", buf);
  } else {
    fprintf(stderr, "ogsim: progress at %.1f s: %s\n", p->wall, buf);
  }
  fflush(stderr);
}

void og_cli_progress_end(void *ud)
{
  struct progress_state *ps = ud;
  if (ps->printed)
    fputc('\n', stderr);
}
