/* Reading CSV files row by row, with each error at its file and line. */
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

static enum og_status oom(struct og_error *err)
{
  return og_error_set(err, OG_ENOMEM, "out of memory");
}

/* Split csv->buf in place into fields; -1 on an unterminated quote. */
static int split(struct og_csv *csv)
{
  char *r = csv->buf, *w = csv->buf;
  csv->n = 0;
  for (;;) {
    if (og_grow((void **)&csv->field, &csv->cap_field, csv->n + 1, sizeof *csv->field, 16))
      return -2;
    csv->field[csv->n++] = w;
    if (*r == '"') {
      for (r++;; r++) {
        if (!*r)
          return -1;
        if (*r == '"' && r[1] != '"')
          break;
        *w++ = *r == '"' ? *r++ : *r;
      }
      r++;
    }
    while (*r && *r != ',')
      *w++ = *r++;
    int more = *r == ',';
    *w++ = 0;
    if (!more)
      return 0;
    r++;
  }
}

/* Read one non-blank line into buf: 1, or 0 at the end, -1 on an error. */
static int read_line(struct og_csv *csv)
{
  for (;;) {
    ssize_t len = getline(&csv->buf, &csv->cap, csv->f);
    if (len < 0)
      return ferror(csv->f) ? -1 : 0;
    csv->line++;
    while (len > 0 && (csv->buf[len - 1] == '\n' || csv->buf[len - 1] == '\r'))
      csv->buf[--len] = 0;
    if (len > 0)
      return 1;
  }
}

enum og_status og__csv_next(struct og_csv *csv, int *more, struct og_error *err)
{
  int r = read_line(csv);
  *more = r > 0;
  if (r < 0)
    return og_error_set(err, OG_EIO, "%s:%zu: cannot read: %s", csv->path, csv->line + 1,
                        strerror(errno));
  if (r == 0)
    return OG_OK;
  int s = split(csv);
  if (s == -2)
    return oom(err);
  if (s < 0)
    return og_error_set(err, OG_EINVAL, "%s:%zu: a quoted field has no closing quote",
                        csv->path, csv->line);
  if (csv->header && csv->n != csv->n_header)
    return og_error_set(err, OG_EINVAL, "%s:%zu: %zu fields, the header has %zu", csv->path,
                        csv->line, csv->n, csv->n_header);
  return OG_OK;
}

static enum og_status keep_header(struct og_csv *csv, struct og_error *err)
{
  if (!(csv->header = calloc(csv->n, sizeof *csv->header)))
    return oom(err);
  csv->n_header = csv->n;
  for (size_t i = 0; i < csv->n; i++) {
    char *s = csv->field[i];
    while (*s == ' ')
      s++;
    if (!(csv->header[i] = strdup(s)))
      return oom(err);
  }
  return OG_OK;
}

enum og_status og__csv_open(struct og_csv *csv, const char *path, struct og_error *err)
{
  *csv = (struct og_csv){.path = path};
  if (!(csv->f = fopen(path, "r")))
    return og_error_set(err, OG_EINVAL, "%s: cannot open: %s", path, strerror(errno));
  int more;
  enum og_status st = og__csv_next(csv, &more, err);
  if (st == OG_OK && !more)
    st = og_error_set(err, OG_EINVAL, "%s:1: the file is empty (expected a header row)", path);
  if (st == OG_OK)
    st = keep_header(csv, err);
  if (st != OG_OK)
    og__csv_close(csv);
  return st;
}

void og__csv_close(struct og_csv *csv)
{
  if (csv->f)
    fclose(csv->f);
  for (size_t i = 0; csv->header && i < csv->n_header; i++)
    free(csv->header[i]);
  free(csv->header);
  free(csv->buf);
  free(csv->field);
  *csv = (struct og_csv){0};
}

long og__csv_column(const struct og_csv *csv, const char *name)
{
  for (size_t i = 0; i < csv->n_header; i++)
    if (!strcmp(csv->header[i], name))
      return (long)i;
  return -1;
}

static const char *trimmed(char *s)
{
  while (*s == ' ')
    s++;
  size_t len = strlen(s);
  while (len > 0 && s[len - 1] == ' ')
    s[--len] = 0;
  return s;
}

enum og_status og__csv_number(struct og_csv *csv, long col, double *out, struct og_error *err)
{
  const char *s = trimmed(csv->field[col]);
  char *end;
  errno = 0;
  *out = strtod(s, &end);
  if (!*s || *end || errno || !isfinite(*out))
    return og_error_set(err, OG_EINVAL, "%s:%zu: column '%s': expected a number, got '%s'",
                        csv->path, csv->line, csv->header[col], s);
  return OG_OK;
}

enum og_status og__csv_count(struct og_csv *csv, long col, uint64_t max, uint64_t *out,
                             struct og_error *err)
{
  double v;
  enum og_status st = og__csv_number(csv, col, &v, err);
  if (st != OG_OK)
    return st;
  if (!(v >= 0) || v != floor(v) || v > (double)max)
    return og_error_set(err, OG_EINVAL, "%s:%zu: column '%s': expected an integer in [0, %llu], "
                        "got '%s'", csv->path, csv->line, csv->header[col],
                        (unsigned long long)max, trimmed(csv->field[col]));
  *out = (uint64_t)v;
  return OG_OK;
}

enum og_status og__csv_bytes(struct og_csv *csv, long col, double *out, struct og_error *err)
{
  enum og_status st = og__csv_number(csv, col, out, err);
  if (st == OG_OK && !(*out >= 0))
    st = og_error_set(err, OG_EINVAL, "%s:%zu: column '%s': expected a size in bytes >= 0, "
                      "got '%s'", csv->path, csv->line, csv->header[col],
                      trimmed(csv->field[col]));
  return st;
}

int og__csv_empty(const struct og_csv *csv, long col)
{
  return !*trimmed(csv->field[col]);
}
