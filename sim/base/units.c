/* Unit parsing and formatting for scenario values. */
#include "units.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct unit {
  const char *name;
  double factor;
};

static const struct unit durations[] = {
  {"ns", 1e-9}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"ms", 1e-3}, {"s", 1},
  {"min", 60}, {"h", 3600}, {"d", 86400}, {NULL, 0},
};
static const struct unit rates[] = {
  {"/s", 1}, {"Hz", 1}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"/d", 1.0 / 86400}, {NULL, 0},
};
static const struct unit sizes[] = {
  {"B", 1}, {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
  {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
  {NULL, 0},
};
static const struct unit bandwidths[] = {
  {"bps", 0.125}, {"kbps", 125}, {"Mbps", 125e3}, {"Gbps", 125e6}, {"Tbps", 125e9},
  {"Bps", 1}, {"kBps", 1e3}, {"MBps", 1e6}, {"GBps", 1e9}, {"TBps", 1e12},
  {"B/s", 1}, {"kB/s", 1e3}, {"MB/s", 1e6}, {"GB/s", 1e9}, {"TB/s", 1e12},
  {"b/s", 0.125}, {"kb/s", 125}, {"Mb/s", 125e3}, {"Gb/s", 125e6}, {"Tb/s", 125e9},
  {NULL, 0},
};
static const struct unit flop[] = {
  {"Flop", 1}, {"kFlop", 1e3}, {"MFlop", 1e6}, {"GFlop", 1e9}, {"TFlop", 1e12},
  {"PFlop", 1e15}, {"EFlop", 1e18}, {"f", 1}, {"kf", 1e3}, {"Mf", 1e6}, {"Gf", 1e9},
  {"Tf", 1e12}, {"Pf", 1e15}, {NULL, 0},
};
static const struct unit flops[] = {
  {"Flops", 1}, {"kFlops", 1e3}, {"MFlops", 1e6}, {"GFlops", 1e9}, {"TFlops", 1e12},
  {"PFlops", 1e15}, {"EFlops", 1e18}, {"f/s", 1}, {"kf/s", 1e3}, {"Mf/s", 1e6},
  {"Gf/s", 1e9}, {"Tf/s", 1e12}, {"Pf/s", 1e15}, {NULL, 0},
};
static const struct unit money[] = {
  {"/s", 1}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"/d", 1.0 / 86400}, {NULL, 0},
};

static const struct {
  const struct unit *units;
  const char *why;
} kinds[] = {
  [OG_UNIT_NUMBER] = {NULL, "expected a number"},
  [OG_UNIT_DURATION] = {durations, "expected a duration like '50us', '2.5s' or '10min'"},
  [OG_UNIT_RATE] = {rates, "expected a rate like '5000/s', '50k/s' or '300/min'"},
  [OG_UNIT_SIZE] = {sizes, "expected a size like '4kB', '16GB' or '2MiB'"},
  [OG_UNIT_BANDWIDTH] = {bandwidths, "expected a bandwidth like '10Gbps' or '3.35TBps'"},
  [OG_UNIT_FLOP] = {flop, "expected a FLOP count like '16GFlop'"},
  [OG_UNIT_FLOPS] = {flops, "expected a compute speed like '312TFlops'"},
  [OG_UNIT_MONEY_RATE] = {money, "expected a cost per time like '2.5/h'"},
};

/* FLOP names are matched case-insensitively ("TFLOPS", "tflops"). */
static int unit_eq(const char *a, const char *b, enum og_unit_kind kind)
{
  if (kind == OG_UNIT_FLOP || kind == OG_UNIT_FLOPS)
    return strlen(a) == strlen(b) && (strcmp(a, b) == 0 ||
           (strlen(a) > 2 && !strncmp(a, b, 1) && !strcasecmp(a + 1, b + 1)));
  return strcmp(a, b) == 0;
}

/* An SI multiplier on the number itself, for rates: "50k/s". */
static double multiplier(const char **p)
{
  switch (**p) {
  case 'k': (*p)++; return 1e3;
  case 'M': (*p)++; return 1e6;
  case 'G': (*p)++; return 1e9;
  default: return 1;
  }
}

/* strtod also reads hex ("0x10"), "inf", "nan" and leading blanks: only a
 * plain decimal number is accepted here. */
static int decimal(const char *s, const char *end)
{
  for (; s < end; s++)
    if (!strchr("0123456789.eE+-", *s))
      return 0;
  return 1;
}

enum og_status og_units_parse(const char *text, enum og_unit_kind kind, double *out,
                              const char **why)
{
  *why = kinds[kind].why;
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || errno == ERANGE || !isfinite(v) || !decimal(text, end))
    return OG_EINVAL;
  const char *u = end;
  while (*u == ' ')
    u++;
  if (!*u) {
    if (kind == OG_UNIT_MONEY_RATE && v != 0)
      return OG_EINVAL;
    *out = v;
    return OG_OK;
  }
  if (!kinds[kind].units)
    return OG_EINVAL;
  if (kind == OG_UNIT_RATE && u == end && *u != '/')
    v *= multiplier(&u);
  for (const struct unit *k = kinds[kind].units; k->name; k++)
    if (unit_eq(u, k->name, kind)) {
      *out = v * k->factor;
      return isfinite(*out) ? OG_OK : OG_EINVAL;
    }
  return OG_EINVAL;
}

void og_units_format(double value, enum og_unit_kind kind, char *buf, size_t len)
{
  static const char *const si[] = {"", "k", "M", "G", "T", "P", "E"};
  double a = fabs(value);
  switch (kind) {
  case OG_UNIT_DURATION:
    if (a != 0 && a < 1e-3)
      snprintf(buf, len, "%gus", value * 1e6);
    else if (a != 0 && a < 1)
      snprintf(buf, len, "%gms", value * 1e3);
    else
      snprintf(buf, len, "%gs", value);
    return;
  case OG_UNIT_RATE: snprintf(buf, len, "%g/s", value); return;
  case OG_UNIT_MONEY_RATE: snprintf(buf, len, "%g/h", value * 3600); return;
  case OG_UNIT_NUMBER: snprintf(buf, len, "%.10g", value); return;
  default: break;
  }
  const char *suffix = kind == OG_UNIT_SIZE ? "B" : kind == OG_UNIT_BANDWIDTH ? "bps"
                       : kind == OG_UNIT_FLOP ? "Flop" : "Flops";
  if (kind == OG_UNIT_BANDWIDTH)
    value *= 8, a *= 8;
  int k = 0;
  while (a >= 1000 && k < 6)
    a /= 1000, value /= 1000, k++;
  snprintf(buf, len, "%g%s%s", value, si[k], suffix);
}
