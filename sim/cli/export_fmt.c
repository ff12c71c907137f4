/* Writing values as CSV fields and JSON values for `ogsim report --format`:
 * doubles with 17 significant digits (they read back to the same double)
 * and a ".0" when whole, so that readers tell them from integer columns;
 * non-finite ones as CSV nan/inf/-inf and JSON null; strings quoted. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "export.h"

/* Finite x: 17 significant digits, ".0" added when that has no point or
 * exponent (1e+20 and 0.5 stay, 196 becomes 196.0). */
static void put_double(FILE *f, double x)
{
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", x);
  fprintf(f, "%s%s", buf, buf[strcspn(buf, ".e")] ? "" : ".0");
}

void og__csv_num(FILE *f, double x)
{
  if (isnan(x))
    fputs("nan", f);
  else if (isinf(x))
    fputs(x > 0 ? "inf" : "-inf", f);
  else
    put_double(f, x);
}

/* RFC 4180: a field with a comma, quote, line break or outer blank is
 * quoted, its quotes doubled. */
void og__csv_str(FILE *f, const char *s)
{
  size_t len = strlen(s);
  if (!s[strcspn(s, ",\"\r\n")] && !(len && (s[0] == ' ' || s[len - 1] == ' '))) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

void og__json_num(FILE *f, double x)
{
  if (isfinite(x))
    put_double(f, x);
  else
    fputs("null", f);
}

/* Bytes of the valid UTF-8 sequence at p, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
  size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3
           : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
  if (n == 2 && p[0] < 0xc2)
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  return n;
}

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped; a byte that is not UTF-8 becomes U+FFFD. */
void og__json_str(FILE *f, const char *s)
{
  static const char esc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    const char *e = *p < 0x80 ? strchr(esc, *p) : NULL;
    size_t n = utf8_len(p);
    if (e && (e - esc) % 2 == 0)
      fprintf(f, "\\%c", e[1]);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else if (n)
      fwrite(p, 1, n, f);
    else
      fputs("\\ufffd", f);
    p += n ? n : 1;
  }
  fputc('"', f);
}

/* Row r of column c, as a CSV field or a JSON value. */
void og__export_cell(FILE *f, const struct og_column *c, size_t r, int json)
{
  switch (c->type) {
  case OG_COL_F64:
    (json ? og__json_num : og__csv_num)(f, ((const double *)c->data)[r]);
    break;
  case OG_COL_I64: fprintf(f, "%" PRId64, ((const int64_t *)c->data)[r]); break;
  case OG_COL_U32: fprintf(f, "%" PRIu32, ((const uint32_t *)c->data)[r]); break;
  case OG_COL_STR:
    (json ? og__json_str : og__csv_str)(f, ((const char *const *)c->data)[r]);
    break;
  }
}
