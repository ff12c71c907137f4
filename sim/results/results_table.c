/* Writing results tables: column groups and chunked, compressed compound
 * datasets, packed one chunk of rows at a time. */
#include "results_h5.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Table layout (what readers such as h5py see):
 * - compound == 1: one 1-D dataset of a packed compound type, fields named
 *   after the columns in order: float64/int64/uint32 little-endian, strings
 *   as fixed-length UTF-8, NUL-padded, as wide as the column's longest value
 *   (h5py reads them as numpy 'S' fields, so numpy and pandas take the rows
 *   as they are). Units and descriptions are the attributes `units` and
 *   `descriptions`: arrays of variable-length strings, one per column, in
 *   column order; a coded column's names are the attribute
 *   `labels_<column>` (code i is element i).
 * - compound == 0: a group holding one 1-D dataset per column (same element
 *   types), in creation order, each with string attributes `unit` and
 *   `description`, and `labels` (an array) when it is coded.
 * Every table dataset is chunked (CHUNK_ROWS rows, fewer when a chunk would
 * pass CHUNK_BYTES or the table is shorter; at least 1), shuffled and
 * gzip-compressed (level 4), with an unlimited maximum size so that empty
 * tables are valid. Object timestamps are off so that equal documents give
 * equal files. */
enum { CHUNK_ROWS = 65536, CHUNK_BYTES = 1 << 20, GZIP_LEVEL = 4 };

/* How one block of table rows is packed in memory. */
struct rowfmt {
  const struct og_column *cols;
  size_t n_cols;
  size_t *off;   /* byte offset of each column in a row */
  size_t *width; /* bytes of each column */
  size_t size;   /* bytes of a row */
  hid_t mtype;   /* memory element type */
  hid_t ftype;   /* file element type */
};

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

/* Attach attribute `name` to obj: an array of n variable-length strings
 * (NULL entries written as ""). */
static enum og_status put_str_array_attr(const struct og__wctx *w, hid_t obj, const char *name,
                                         const char *const *text, size_t n, const char *label)
{
  hsize_t dim = n;
  const char **v = malloc((n ? n : 1) * sizeof *v);
  hid_t space = -1, a = -1;
  enum og_status st = OG_OK;
  if (!v)
    return og__out_of_memory(w);
  for (size_t i = 0; i < n; i++)
    v[i] = or_empty(text[i]);
  space = H5Screate_simple(1, &dim, NULL);
  if (space >= 0)
    a = H5Acreate2(obj, name, w->vstr, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0 || H5Awrite(a, w->vstr, v) < 0)
    st = og__h5_fail(w, name, label);
  if (a >= 0)
    H5Aclose(a);
  if (space >= 0)
    H5Sclose(space);
  free(v);
  return st;
}

/* `units` and `descriptions` of a compound table, one per column in
 * column order, then `labels_<column>` for each coded column. */
static enum og_status put_compound_attrs(const struct og__wctx *w, hid_t obj,
                                         const struct og_table *t)
{
  const char **v = malloc(t->n_cols * sizeof *v);
  enum og_status st;
  if (!v)
    return og__out_of_memory(w);
  for (size_t i = 0; i < t->n_cols; i++)
    v[i] = t->cols[i].unit;
  st = put_str_array_attr(w, obj, "units", v, t->n_cols, t->name);
  for (size_t i = 0; i < t->n_cols; i++)
    v[i] = t->cols[i].desc;
  if (!st)
    st = put_str_array_attr(w, obj, "descriptions", v, t->n_cols, t->name);
  free(v);
  for (size_t i = 0; i < t->n_cols && !st; i++) {
    const struct og_column *c = &t->cols[i];
    if (!c->n_labels)
      continue;
    size_t len = strlen(c->name) + sizeof "labels_";
    char *name = malloc(len);
    if (!name)
      return og__out_of_memory(w);
    snprintf(name, len, "labels_%s", c->name);
    st = put_str_array_attr(w, obj, name, c->labels, c->n_labels, t->name);
    free(name);
  }
  return st;
}

/* `unit`, `description` and, for a coded column, `labels` of a column
 * dataset. */
static enum og_status put_column_attrs(const struct og__wctx *w, hid_t d, const char *label,
                                       const struct og_column *c)
{
  enum og_status st = og__h5_put_str_attr(w, d, "unit", c->unit);
  if (!st)
    st = og__h5_put_str_attr(w, d, "description", c->desc);
  if (!st && c->n_labels)
    st = put_str_array_attr(w, d, "labels", c->labels, c->n_labels, label);
  return st;
}

/* Bytes of one value of column c: strings are as wide as their longest
 * value (at least 1). */
static size_t col_width(const struct og_column *c, size_t n_rows)
{
  size_t w = 1;
  switch (c->type) {
  case OG_COL_F64: return sizeof(double);
  case OG_COL_I64: return sizeof(int64_t);
  case OG_COL_U32: return sizeof(uint32_t);
  case OG_COL_STR:
    for (size_t r = 0; r < n_rows; r++) {
      size_t len = strlen(or_empty(((const char *const *)c->data)[r]));
      w = len > w ? len : w;
    }
  }
  return w;
}

/* A new element type for column c, as held in memory or in the file. */
static hid_t col_type(const struct og_column *c, size_t width, int in_file)
{
  hid_t t = -1;
  switch (c->type) {
  case OG_COL_F64: return H5Tcopy(in_file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
  case OG_COL_I64: return H5Tcopy(in_file ? H5T_STD_I64LE : H5T_NATIVE_INT64);
  case OG_COL_U32: return H5Tcopy(in_file ? H5T_STD_U32LE : H5T_NATIVE_UINT32);
  case OG_COL_STR:
    t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, width) < 0 || H5Tset_strpad(t, H5T_STR_NULLPAD) < 0 ||
                   H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
      H5Tclose(t);
      t = -1;
    }
  }
  return t;
}

/* The packed compound type of a row of f, in memory or in the file. */
static hid_t row_type(const struct rowfmt *f, int in_file)
{
  hid_t t = H5Tcreate(H5T_COMPOUND, f->size);
  for (size_t i = 0; i < f->n_cols && t >= 0; i++) {
    hid_t ct = col_type(&f->cols[i], f->width[i], in_file);
    if (ct < 0 || H5Tinsert(t, f->cols[i].name, f->off[i], ct) < 0) {
      H5Tclose(t);
      t = -1;
    }
    if (ct >= 0)
      H5Tclose(ct);
  }
  return t;
}

static void rowfmt_fini(struct rowfmt *f)
{
  free(f->off);
  free(f->width);
  if (f->mtype >= 0)
    H5Tclose(f->mtype);
  if (f->ftype >= 0)
    H5Tclose(f->ftype);
}

/* A row of one column (n_cols 1: plain element types) or of several (a
 * packed compound). On failure err is set and nothing is left open. */
static enum og_status rowfmt_init(const struct og__wctx *w, const char *label, struct rowfmt *f,
                                  const struct og_column *cols, size_t n_cols, size_t n_rows)
{
  *f = (struct rowfmt){cols, n_cols, calloc(n_cols, sizeof(size_t)),
                       calloc(n_cols, sizeof(size_t)), 0, -1, -1};
  if (!f->off || !f->width) {
    rowfmt_fini(f);
    return og__out_of_memory(w);
  }
  for (size_t i = 0; i < n_cols; i++) {
    f->width[i] = col_width(&cols[i], n_rows);
    f->off[i] = f->size;
    f->size += f->width[i];
  }
  f->mtype = n_cols == 1 ? col_type(cols, f->size, 0) : row_type(f, 0);
  f->ftype = n_cols == 1 ? col_type(cols, f->size, 1) : row_type(f, 1);
  if (f->mtype < 0 || f->ftype < 0) {
    enum og_status st = og__h5_fail(w, "table", label);
    rowfmt_fini(f);
    return st;
  }
  return OG_OK;
}

/* Pack rows [r0, r0 + n) into buf, zero-filled so string padding is NUL. */
static void pack_rows(const struct rowfmt *f, size_t r0, size_t n, unsigned char *buf)
{
  memset(buf, 0, n * f->size);
  for (size_t r = 0; r < n; r++) {
    unsigned char *row = buf + r * f->size;
    for (size_t i = 0; i < f->n_cols; i++) {
      const struct og_column *c = &f->cols[i];
      if (c->type == OG_COL_STR) {
        const char *s = or_empty(((const char *const *)c->data)[r0 + r]);
        memcpy(row + f->off[i], s, strlen(s));
      } else {
        memcpy(row + f->off[i], (const unsigned char *)c->data + (r0 + r) * f->width[i],
               f->width[i]);
      }
    }
  }
}

static size_t chunk_rows(size_t n_rows, size_t row_size)
{
  size_t rows = CHUNK_BYTES / row_size;
  rows = rows < CHUNK_ROWS ? rows : CHUNK_ROWS;
  rows = rows < n_rows ? rows : n_rows;
  return rows ? rows : 1;
}

static hid_t table_dcpl(size_t chunk)
{
  hsize_t dim = chunk;
  hid_t p = H5Pcreate(H5P_DATASET_CREATE);
  if (p < 0)
    return p;
  if (H5Pset_chunk(p, 1, &dim) < 0 || H5Pset_shuffle(p) < 0 || H5Pset_deflate(p, GZIP_LEVEL) < 0 ||
      H5Pset_obj_track_times(p, 0) < 0) {
    H5Pclose(p);
    return -1;
  }
  return p;
}

/* Write every row, one chunk at a time so memory stays one chunk. */
static enum og_status write_rows(const struct og__wctx *w, const char *label, hid_t d,
                                 const struct rowfmt *f, size_t n_rows, size_t chunk)
{
  unsigned char *buf = malloc(chunk * f->size);
  hid_t fspace = buf ? H5Dget_space(d) : -1;
  herr_t rc = fspace >= 0 ? 0 : -1;
  for (size_t r0 = 0; r0 < n_rows && rc >= 0; r0 += chunk) {
    hsize_t start = r0, count = n_rows - r0 < chunk ? n_rows - r0 : chunk;
    hid_t mspace = H5Screate_simple(1, &count, NULL);
    pack_rows(f, r0, count, buf);
    rc = mspace < 0 ? -1 : H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, NULL, &count, NULL);
    if (rc >= 0)
      rc = H5Dwrite(d, f->mtype, mspace, fspace, H5P_DEFAULT, buf);
    if (mspace >= 0)
      H5Sclose(mspace);
  }
  enum og_status st = !buf ? og__out_of_memory(w) : rc < 0 ? og__h5_fail(w, "table", label) : OG_OK;
  if (fspace >= 0)
    H5Sclose(fspace);
  free(buf);
  return st;
}

/* Create dataset `name` in loc holding the rows of cols, naming it `label`
 * in messages; on success *out is open (the caller closes it), on failure
 * it is negative and err is set. */
static enum og_status write_dataset(const struct og__wctx *w, hid_t loc, const char *name,
                                    const char *label, const struct og_column *cols,
                                    size_t n_cols, size_t n_rows, hid_t *out)
{
  struct rowfmt f;
  hsize_t dim = n_rows, maxdim = H5S_UNLIMITED;
  hid_t space = -1, dcpl = -1, d = -1;
  enum og_status st = rowfmt_init(w, label, &f, cols, n_cols, n_rows);
  *out = -1;
  if (st)
    return st;
  size_t chunk = chunk_rows(n_rows, f.size);
  space = H5Screate_simple(1, &dim, &maxdim);
  dcpl = space < 0 ? -1 : table_dcpl(chunk);
  if (dcpl >= 0)
    d = H5Dcreate2(loc, name, f.ftype, space, w->lcpl, dcpl, H5P_DEFAULT);
  st = d < 0 ? og__h5_fail(w, "table", label) : write_rows(w, label, d, &f, n_rows, chunk);
  if (st && d >= 0)
    H5Dclose(d);
  else
    *out = d;
  if (dcpl >= 0)
    H5Pclose(dcpl);
  if (space >= 0)
    H5Sclose(space);
  rowfmt_fini(&f);
  return st;
}

static enum og_status write_column_group(const struct og__wctx *w, hid_t file, const struct og_table *t)
{
  enum og_status st = OG_OK;
  hid_t g = H5Gcreate2(file, t->name, w->lcpl, w->gcpl, H5P_DEFAULT);
  if (g < 0)
    return og__h5_fail(w, "table", t->name);
  for (size_t i = 0; i < t->n_cols && !st; i++) {
    char label[512];
    snprintf(label, sizeof label, "%s/%s", t->name, t->cols[i].name);
    hid_t d;
    st = write_dataset(w, g, t->cols[i].name, label, &t->cols[i], 1, t->n_rows, &d);
    if (!st)
      st = put_column_attrs(w, d, label, &t->cols[i]);
    if (d >= 0)
      H5Dclose(d);
  }
  H5Gclose(g);
  return st;
}

enum og_status og__results_write_table(const struct og__wctx *w, hid_t file, const struct og_table *t)
{
  enum og_status st;
  hid_t d;
  if (!t->compound)
    return write_column_group(w, file, t);
  st = write_dataset(w, file, t->name, t->name, t->cols, t->n_cols, t->n_rows, &d);
  if (st)
    return st;
  st = put_compound_attrs(w, d, t);
  H5Dclose(d);
  return st;
}

