/* Results files: write a document, read it back with og_results_read_summary,
 * inspect the layout with HDF5 (and h5py when installed), and the errors. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hdf5.h>

#include "results_io.h"

/* Exact comparison of doubles that prints both (cmocka 1.1 has none). */
#define assert_f64_equal(a, b)                                                                    \
  do {                                                                                            \
    double a_ = (a), b_ = (b);                                                                    \
    if (a_ != b_)                                                                                 \
      fail_msg("%s is %.17g, expected %.17g", #a, a_, b_);                                        \
  } while (0)

enum { TS_ROWS = 100, REQ_ROWS = 100000, N_NODES = 37, PROBE_ROW = 12345 };

/* The sample document and the scratch directory, built once. */
struct sample {
  char dir[256];
  char scenario[6000];
  char node_names[N_NODES][24];
  const char *req_node[REQ_ROWS];
  uint32_t req_id[REQ_ROWS];
  double req_t[REQ_ROWS];
  int64_t req_tokens[REQ_ROWS];
  double req_latency[REQ_ROWS];
  double ts_t[TS_ROWS];
  int64_t ts_queue[TS_ROWS];
  uint32_t ts_served[TS_ROWS];
  struct og_attr attrs[3];
  struct og_scalar summary[4];
  struct og_scalar perf[2];
  struct og_column ts_cols[3];
  struct og_column req_cols[5];
  struct og_column empty_cols[2];
  struct og_table tables[3];
  struct og_results_doc doc;
};

static struct sample *S;

/* Row values, also computed by the h5py check script (keep in step). */
static int64_t tokens_of(size_t i)
{
  return (int64_t)((i * 7919) % 1000) - 500;
}

static double latency_of(size_t i)
{
  return 1.0 / (double)(i + 1);
}

static void fill_columns(struct sample *s)
{
  for (int k = 0; k < N_NODES; k++)
    snprintf(s->node_names[k], sizeof s->node_names[k], "node-%d", k);
  for (size_t i = 0; i < REQ_ROWS; i++) {
    s->req_id[i] = (uint32_t)i;
    s->req_t[i] = (double)i * 0.001;
    s->req_tokens[i] = tokens_of(i);
    s->req_node[i] = s->node_names[i % N_NODES];
    s->req_latency[i] = latency_of(i);
  }
  for (size_t i = 0; i < TS_ROWS; i++) {
    s->ts_t[i] = (double)i * 0.5;
    s->ts_queue[i] = (int64_t)i - 50;
    s->ts_served[i] = (uint32_t)(i * 3);
  }
  size_t len = 0;
  for (int line = 0; len + 80 < sizeof s->scenario; line++)
    len += (size_t)snprintf(s->scenario + len, sizeof s->scenario - len,
                            "%s line %04d: nodes: 64, rate: 12.5, seed: 42\n",
                            line ? "  #" : "# scenario", line);
}

static void fill_doc(struct sample *s)
{
  s->attrs[0] = (struct og_attr){"ogsim_version", "0.1.0", 0};
  s->attrs[1] = (struct og_attr){"scenario", s->scenario, 0};
  s->attrs[2] = (struct og_attr){"seed", NULL, 42.0};
  s->summary[0] = (struct og_scalar){"throughput", "req/s", "completed requests per second", 123.5};
  s->summary[1] = (struct og_scalar){"latency_p50", "s", "median latency (50 % ≤ this, µs-exact)", 0.25};
  s->summary[2] = (struct og_scalar){"latency_p99", "s", "99th percentile latency", 1.75};
  s->summary[3] = (struct og_scalar){"fraud_detected", "", "fraction of frauds caught", 0.9375};
  s->perf[0] = (struct og_scalar){"wall_time", "s", "wall-clock run time", 3.5};
  s->perf[1] = (struct og_scalar){"events_per_s", "1/s", "events simulated per second", 2e6};
  s->ts_cols[0] = (struct og_column){"t", "s", OG_COL_F64, s->ts_t, NULL, NULL, 0};
  s->ts_cols[1] = (struct og_column){"queue", "", OG_COL_I64, s->ts_queue, NULL, NULL, 0};
  s->ts_cols[2] = (struct og_column){"served", "requests", OG_COL_U32, s->ts_served, NULL, NULL, 0};
  s->req_cols[0] = (struct og_column){"id", "", OG_COL_U32, s->req_id, NULL, NULL, 0};
  s->req_cols[1] = (struct og_column){"t_arrival", "s", OG_COL_F64, s->req_t, NULL, NULL, 0};
  s->req_cols[2] = (struct og_column){"tokens", "tokens", OG_COL_I64, s->req_tokens, NULL, NULL, 0};
  s->req_cols[3] = (struct og_column){"node", "", OG_COL_STR, s->req_node, NULL, NULL, 0};
  s->req_cols[4] = (struct og_column){"latency", "s", OG_COL_F64, s->req_latency, NULL, NULL, 0};
  s->empty_cols[0] = (struct og_column){"x", "m", OG_COL_F64, NULL, NULL, NULL, 0};
  s->empty_cols[1] = (struct og_column){"label", "", OG_COL_STR, NULL, NULL, NULL, 0};
  s->tables[0] = (struct og_table){"timeseries", TS_ROWS, 3, s->ts_cols, 0};
  s->tables[1] = (struct og_table){"requests", REQ_ROWS, 5, s->req_cols, 1};
  s->tables[2] = (struct og_table){"empty", 0, 2, s->empty_cols, 1};
  s->doc = (struct og_results_doc){s->attrs, 3, s->summary, 4, s->perf, 2, s->tables, 3};
}

static int setup(void **state)
{
  (void)state;
  const char *tmpdir = getenv("TMPDIR");
  S = calloc(1, sizeof *S);
  if (!S)
    return -1;
  snprintf(S->dir, sizeof S->dir, "%s/og_results_XXXXXX", tmpdir ? tmpdir : "/tmp");
  if (!mkdtemp(S->dir))
    return -1;
  fill_columns(S);
  fill_doc(S);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  DIR *d = opendir(S->dir);
  struct dirent *e;
  char p[512];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    snprintf(p, sizeof p, "%s/%s", S->dir, e->d_name);
    unlink(p);
  }
  if (d)
    closedir(d);
  rmdir(S->dir);
  free(S);
  return 0;
}

static const char *in_dir(char *buf, size_t size, const char *name)
{
  snprintf(buf, size, "%s/%s", S->dir, name);
  return buf;
}

/* How many entries of the scratch directory start with prefix. */
static int count_files(const char *prefix)
{
  DIR *d = opendir(S->dir);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)))
    n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  if (d)
    closedir(d);
  return n;
}

/* Every HDF5 file and object the library opened was closed again. */
static void assert_nothing_open(void)
{
  assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

static void write_sample(const char *path)
{
  struct og_error err = {""};
  enum og_status st = og_results_write(path, &S->doc, &err);
  if (st != OG_OK)
    fail_msg("og_results_write: %s", err.msg);
  assert_nothing_open();
}

static void check_scalars(const struct og_scalar *got, size_t n_got, const struct og_scalar *want,
                          size_t n_want)
{
  assert_int_equal(n_got, n_want);
  for (size_t i = 0; i < n_want; i++) {
    assert_string_equal(got[i].name, want[i].name);
    assert_string_equal(got[i].unit, want[i].unit);
    assert_string_equal(got[i].desc, want[i].desc);
    assert_f64_equal(got[i].value, want[i].value);
  }
}

static void test_roundtrip_summary(void **state)
{
  (void)state;
  char path[512];
  struct og_results_summary *s = NULL;
  struct og_error err = {""};
  write_sample(in_dir(path, sizeof path, "run.h5"));
  assert_int_equal(count_files("run.h5.tmp"), 0);
  assert_int_equal(og_results_read_summary(path, &s, &err), OG_OK);
  assert_non_null(s);
  assert_int_equal(s->n_attrs, 3);
  assert_string_equal(s->attrs[0].name, "ogsim_version");
  assert_string_equal(s->attrs[0].text, "0.1.0");
  assert_string_equal(s->attrs[1].name, "scenario");
  assert_string_equal(s->attrs[1].text, S->scenario);
  assert_true(strlen(s->attrs[1].text) > 5000);
  assert_string_equal(s->attrs[2].name, "seed");
  assert_null(s->attrs[2].text);
  assert_f64_equal(s->attrs[2].value, 42.0);
  check_scalars(s->summary, s->n_summary, S->summary, 4);
  check_scalars(s->perf, s->n_perf, S->perf, 2);
  og_results_summary_free(s);
  assert_nothing_open();
}

/* One row of /requests as read back through HDF5 directly. */
struct req_row {
  uint32_t id;
  double t;
  int64_t tokens;
  char node[16];
  double latency;
};

static hid_t req_row_type(void)
{
  hid_t str = H5Tcopy(H5T_C_S1), t = H5Tcreate(H5T_COMPOUND, sizeof(struct req_row));
  H5Tset_size(str, sizeof ((struct req_row *)0)->node);
  H5Tset_cset(str, H5T_CSET_UTF8);
  H5Tinsert(t, "id", offsetof(struct req_row, id), H5T_NATIVE_UINT32);
  H5Tinsert(t, "t_arrival", offsetof(struct req_row, t), H5T_NATIVE_DOUBLE);
  H5Tinsert(t, "tokens", offsetof(struct req_row, tokens), H5T_NATIVE_INT64);
  H5Tinsert(t, "node", offsetof(struct req_row, node), str);
  H5Tinsert(t, "latency", offsetof(struct req_row, latency), H5T_NATIVE_DOUBLE);
  H5Tclose(str);
  return t;
}

static void check_chunked_gzip(hid_t d, hsize_t want_chunk)
{
  hid_t dcpl = H5Dget_create_plist(d);
  hsize_t chunk = 0;
  int deflate = 0, shuffle = 0;
  assert_int_equal(H5Pget_layout(dcpl), H5D_CHUNKED);
  assert_int_equal(H5Pget_chunk(dcpl, 1, &chunk), 1);
  assert_int_equal(chunk, want_chunk);
  for (int i = 0; i < H5Pget_nfilters(dcpl); i++) {
    unsigned flags, cd[4] = {0};
    size_t n_cd = 4;
    H5Z_filter_t f = H5Pget_filter2(dcpl, (unsigned)i, &flags, &n_cd, cd, 0, NULL, NULL);
    shuffle |= f == H5Z_FILTER_SHUFFLE;
    if (f == H5Z_FILTER_DEFLATE) {
      deflate = 1;
      assert_int_equal(cd[0], 4);
    }
  }
  assert_true(deflate);
  assert_true(shuffle);
  H5Pclose(dcpl);
}

static void check_requests(hid_t file)
{
  static const char *names[] = {"id", "t_arrival", "tokens", "node", "latency"};
  hid_t d = H5Dopen2(file, "requests", H5P_DEFAULT), space = H5Dget_space(d);
  hid_t ftype = H5Dget_type(d), mtype = req_row_type();
  hsize_t start = PROBE_ROW, count = 1;
  struct req_row row;
  assert_true(d >= 0);
  assert_int_equal(H5Sget_simple_extent_npoints(space), REQ_ROWS);
  assert_int_equal(H5Tget_nmembers(ftype), 5);
  for (unsigned i = 0; i < 5; i++) {
    char *name = H5Tget_member_name(ftype, i);
    assert_string_equal(name, names[i]);
    H5free_memory(name);
  }
  size_t per_mib = (1u << 20) / H5Tget_size(ftype); /* the writer's chunk policy */
  check_chunked_gzip(d, per_mib < 65536 ? per_mib : 65536);
  hid_t mspace = H5Screate_simple(1, &count, NULL);
  H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL);
  assert_true(H5Dread(d, mtype, mspace, space, H5P_DEFAULT, &row) >= 0);
  assert_int_equal(row.id, PROBE_ROW);
  assert_f64_equal(row.t, PROBE_ROW * 0.001);
  assert_int_equal(row.tokens, tokens_of(PROBE_ROW));
  assert_string_equal(row.node, S->node_names[PROBE_ROW % N_NODES]);
  assert_f64_equal(row.latency, latency_of(PROBE_ROW));
  H5Sclose(mspace);
  H5Tclose(mtype);
  H5Tclose(ftype);
  H5Sclose(space);
  H5Dclose(d);
}

static void check_units(hid_t file)
{
  static const char *want[] = {"", "s", "tokens", "", "s"};
  hid_t a = H5Aopen_by_name(file, "requests", "units", H5P_DEFAULT, H5P_DEFAULT);
  hid_t space = H5Aget_space(a), str = H5Tcopy(H5T_C_S1);
  char *units[5] = {NULL};
  H5Tset_size(str, H5T_VARIABLE);
  H5Tset_cset(str, H5T_CSET_UTF8);
  assert_int_equal(H5Sget_simple_extent_npoints(space), 5);
  assert_true(H5Aread(a, str, units) >= 0);
  for (int i = 0; i < 5; i++)
    assert_string_equal(units[i], want[i]);
  H5Dvlen_reclaim(str, space, H5P_DEFAULT, units);
  H5Tclose(str);
  H5Sclose(space);
  H5Aclose(a);
}

static void check_timeseries(hid_t file)
{
  static const char *names[] = {"t", "queue", "served"};
  hid_t g = H5Gopen2(file, "timeseries", H5P_DEFAULT);
  uint32_t served[TS_ROWS];
  char name[32];
  assert_true(g >= 0);
  for (hsize_t i = 0; i < 3; i++) {
    assert_true(H5Lget_name_by_idx(g, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, name, sizeof name,
                                   H5P_DEFAULT) > 0);
    assert_string_equal(name, names[i]);
  }
  hid_t d = H5Dopen2(g, "served", H5P_DEFAULT), space = H5Dget_space(d);
  assert_int_equal(H5Sget_simple_extent_npoints(space), TS_ROWS);
  assert_true(H5Dread(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, served) >= 0);
  assert_memory_equal(served, S->ts_served, sizeof served);
  H5Sclose(space);
  H5Dclose(d);
  H5Gclose(g);
}

static void check_empty(hid_t file)
{
  hid_t d = H5Dopen2(file, "empty", H5P_DEFAULT), space = H5Dget_space(d);
  assert_true(d >= 0);
  assert_int_equal(H5Sget_simple_extent_npoints(space), 0);
  check_chunked_gzip(d, 1);
  H5Sclose(space);
  H5Dclose(d);
}

static void test_layout(void **state)
{
  (void)state;
  char path[512];
  write_sample(in_dir(path, sizeof path, "layout.h5"));
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  assert_true(file >= 0);
  check_requests(file);
  check_units(file);
  check_timeseries(file);
  check_empty(file);
  H5Fclose(file);
}

/* What h5py (and pandas, when installed) must see; argv[1] is the file. */
static const char h5py_check[] =
    "import sys\n"
    "import h5py, numpy as np\n"
    "f = h5py.File(sys.argv[1], 'r')\n"
    "a = f.attrs\n"
    "assert a['ogsim_version'] == '0.1.0', repr(a['ogsim_version'])\n"
    "assert isinstance(a['scenario'], str) and len(a['scenario']) > 5000\n"
    "assert a['scenario'].startswith('# scenario line 0000')\n"
    "assert a['scenario'].count('\\n') > 50\n"
    "assert a['seed'] == 42.0 and a['seed'].dtype == np.float64\n"
    "assert list(f['summary']) == ['throughput', 'latency_p50', 'latency_p99',"
    " 'fraud_detected'], list(f['summary'])\n"
    "t = f['summary/throughput']\n"
    "assert t.shape == () and t.dtype == np.float64 and t[()] == 123.5\n"
    "assert t.attrs['unit'] == 'req/s' and isinstance(t.attrs['unit'], str)\n"
    "assert t.attrs['description'] == 'completed requests per second'\n"
    "assert f['summary/fraud_detected'].attrs['unit'] == ''\n"
    "d = f['summary/latency_p50'].attrs['description']\n"
    "assert d == 'median latency (50 % \u2264 this, \u00b5s-exact)', repr(d)\n"
    "assert list(f['perf']) == ['wall_time', 'events_per_s'], list(f['perf'])\n"
    "assert f['perf/events_per_s'][()] == 2e6\n"
    "r = f['requests'][()]\n"
    "assert r.dtype.names == ('id', 't_arrival', 'tokens', 'node', 'latency'), r.dtype\n"
    "assert r.shape == (100000,)\n"
    "i = np.arange(100000)\n"
    "assert (r['id'] == i).all() and r['id'].dtype == np.uint32\n"
    "assert (r['t_arrival'] == i * 0.001).all()\n"
    "assert (r['tokens'] == (i * 7919) % 1000 - 500).all() and r['tokens'].dtype == np.int64\n"
    "assert (r['latency'] == 1.0 / (i + 1)).all()\n"
    "assert r['node'][12345] == b'node-%d' % (12345 % 37)\n"
    "assert list(f['requests'].attrs['units']) == ['', 's', 'tokens', '', 's']\n"
    "ts = f['timeseries']\n"
    "assert list(ts) == ['t', 'queue', 'served'], list(ts)\n"
    "assert (ts['t'][()] == np.arange(100) * 0.5).all()\n"
    "assert (ts['queue'][()] == np.arange(100) - 50).all()\n"
    "assert (ts['served'][()] == np.arange(100) * 3).all()\n"
    "assert ts['t'].attrs['unit'] == 's' and ts['served'].attrs['unit'] == 'requests'\n"
    "e = f['empty'][()]\n"
    "assert e.shape == (0,) and e.dtype.names == ('x', 'label')\n"
    "try:\n"
    "    import pandas\n"
    "except ImportError:\n"
    "    sys.exit(0)\n"
    "df = pandas.DataFrame(r)\n"
    "assert list(df.columns) == ['id', 't_arrival', 'tokens', 'node', 'latency']\n"
    "assert len(df) == 100000 and df['tokens'].iloc[12345] == (12345 * 7919) % 1000 - 500\n";

static void test_h5py_reads(void **state)
{
  (void)state;
  char path[512], script[512], cmd[1200];
  if (system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") != 0)
    skip();
  write_sample(in_dir(path, sizeof path, "h5py.h5"));
  FILE *f = fopen(in_dir(script, sizeof script, "check_h5py.py"), "w");
  assert_non_null(f);
  fputs(h5py_check, f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s'", script, path);
  assert_int_equal(system(cmd), 0);
}

/* The raw bytes of dataset `name`, in its file type. */
static unsigned char *dataset_bytes(hid_t file, const char *name, size_t *size)
{
  hid_t d = H5Dopen2(file, name, H5P_DEFAULT), type = H5Dget_type(d), space = H5Dget_space(d);
  assert_true(d >= 0);
  *size = H5Tget_size(type) * (size_t)H5Sget_simple_extent_npoints(space);
  unsigned char *buf = malloc(*size ? *size : 1);
  assert_non_null(buf);
  assert_true(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  return buf;
}

static void test_deterministic(void **state)
{
  (void)state;
  static const char *sets[] = {"summary/throughput", "summary/latency_p50", "summary/latency_p99",
                               "summary/fraud_detected", "perf/wall_time", "perf/events_per_s",
                               "timeseries/t", "timeseries/queue", "timeseries/served",
                               "requests", "empty"};
  char p1[512], p2[512], cmd[1200];
  write_sample(in_dir(p1, sizeof p1, "same1.h5"));
  write_sample(in_dir(p2, sizeof p2, "same2.h5"));
  hid_t f1 = H5Fopen(p1, H5F_ACC_RDONLY, H5P_DEFAULT), f2 = H5Fopen(p2, H5F_ACC_RDONLY, H5P_DEFAULT);
  for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
    size_t n1, n2;
    unsigned char *b1 = dataset_bytes(f1, sets[i], &n1), *b2 = dataset_bytes(f2, sets[i], &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b1);
    free(b2);
  }
  H5Fclose(f1);
  H5Fclose(f2);
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", p1, p2);
  assert_int_equal(system(cmd), 0); /* no timestamps: whole files equal */
}

static void test_write_missing_dir(void **state)
{
  (void)state;
  char path[512];
  struct og_error err = {""};
  int before = count_files("");
  in_dir(path, sizeof path, "no/such/dir/out.h5");
  assert_int_equal(og_results_write(path, &S->doc, &err), OG_EIO);
  assert_non_null(strstr(err.msg, path));
  assert_non_null(strstr(err.msg, "cannot create"));
  assert_int_equal(count_files(""), before);
}

/* A failure halfway through (a table below a dataset) leaves the file that
 * was there untouched and no temporary file behind. */
static void test_write_failure_cleans_up(void **state)
{
  (void)state;
  char path[512];
  struct og_error err = {""};
  struct og_results_summary *s = NULL;
  struct og_table bad[2] = {S->tables[1], S->tables[0]};
  struct og_results_doc doc = S->doc;
  write_sample(in_dir(path, sizeof path, "keep.h5"));
  bad[1].name = "requests/nested";
  doc.tables = bad;
  doc.n_tables = 2;
  doc.summary = S->summary + 1;
  doc.n_summary = 1;
  assert_int_equal(og_results_write(path, &doc, &err), OG_EIO);
  assert_non_null(strstr(err.msg, path));
  assert_non_null(strstr(err.msg, "requests/nested"));
  assert_nothing_open();
  assert_int_equal(count_files("keep.h5.tmp"), 0);
  assert_int_equal(og_results_read_summary(path, &s, &err), OG_OK);
  assert_int_equal(s->n_summary, 4);
  og_results_summary_free(s);
}

/* A second write replaces the first; string columns of a column group. */
static void test_overwrite(void **state)
{
  (void)state;
  char path[512], got[3][8];
  const char *labels[3] = {"alpha", "", "gamma"};
  struct og_column col = {"label", "", OG_COL_STR, labels, NULL, NULL, 0};
  struct og_table t = {"tags", 3, 1, &col, 0};
  struct og_error err = {""};
  struct og_results_summary *s = NULL;
  struct og_results_doc doc = {NULL, 0, S->summary + 2, 1, NULL, 0, &t, 1};
  write_sample(in_dir(path, sizeof path, "over.h5"));
  assert_int_equal(og_results_write(path, &doc, &err), OG_OK);
  assert_int_equal(og_results_read_summary(path, &s, &err), OG_OK);
  assert_int_equal(s->n_attrs, 0);
  check_scalars(s->summary, s->n_summary, S->summary + 2, 1);
  assert_int_equal(s->n_perf, 0);
  og_results_summary_free(s);
  assert_nothing_open();
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), str = H5Tcopy(H5T_C_S1);
  hid_t d = H5Dopen2(f, "tags/label", H5P_DEFAULT);
  H5Tset_size(str, sizeof got[0]);
  H5Tset_cset(str, H5T_CSET_UTF8);
  assert_true(H5Dread(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0);
  for (int i = 0; i < 3; i++)
    assert_string_equal(got[i], labels[i]);
  assert_int_equal(H5Lexists(f, "requests", H5P_DEFAULT), 0);
  assert_true(H5Lexists(f, "perf", H5P_DEFAULT) > 0); /* empty, but there */
  H5Dclose(d);
  H5Tclose(str);
  H5Fclose(f);
}

static void expect_write_einval(const struct og_results_doc *doc, const char *needle)
{
  char path[512];
  struct og_error err = {""};
  assert_int_equal(og_results_write(in_dir(path, sizeof path, "bad.h5"), doc, &err), OG_EINVAL);
  assert_non_null(strstr(err.msg, needle));
  assert_int_equal(count_files("bad.h5"), 0);
}

static void test_write_bad_input(void **state)
{
  (void)state;
  struct og_scalar sc[2] = {S->summary[0], S->summary[0]};
  struct og_column col = S->ts_cols[0];
  struct og_table t = {"nodata", 5, 1, &col, 1};
  struct og_results_doc doc = {NULL, 0, sc, 2, NULL, 0, NULL, 0};
  expect_write_einval(NULL, "no document");
  expect_write_einval(&doc, "'throughput' appears twice");
  sc[1].name = "";
  expect_write_einval(&doc, "has no name");
  sc[1].name = "a/b";
  expect_write_einval(&doc, "contains '/'");
  col.data = NULL;
  doc = (struct og_results_doc){NULL, 0, NULL, 0, NULL, 0, &t, 1};
  expect_write_einval(&doc, "has no data");
  t.name = "summary";
  expect_write_einval(&doc, "reserved");
}

static void expect_read_error(const char *path, enum og_status want, const char *needle)
{
  struct og_results_summary *s = (struct og_results_summary *)&s;
  struct og_error err = {""};
  assert_int_equal(og_results_read_summary(path, &s, &err), want);
  assert_null(s);
  assert_non_null(strstr(err.msg, path));
  assert_non_null(strstr(err.msg, needle));
  assert_nothing_open();
}

static void test_read_errors(void **state)
{
  (void)state;
  char path[512];
  FILE *f = fopen(in_dir(path, sizeof path, "notes.txt"), "w");
  assert_non_null(f);
  fputs("not a results file\n", f);
  fclose(f);
  expect_read_error(path, OG_EPARSE, "not an HDF5 file");
  expect_read_error(in_dir(path, sizeof path, "missing.h5"), OG_EIO, "cannot open");
  hid_t h = H5Fcreate(in_dir(path, sizeof path, "plain.h5"), H5F_ACC_TRUNC, H5P_DEFAULT,
                      H5P_DEFAULT);
  assert_true(h >= 0);
  H5Fclose(h);
  expect_read_error(path, OG_EPARSE, "not an ogsim results file (no /summary)");
}

/* Put a float64 dataset of n values (n 0: a scalar) at name in loc. */
static void put_f64(hid_t loc, const char *name, hsize_t n, const double *v)
{
  hid_t space = n ? H5Screate_simple(1, &n, NULL) : H5Screate(H5S_SCALAR);
  hid_t d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  assert_true(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
  H5Dclose(d);
  H5Sclose(space);
}

/* A file from another writer: no creation order (so name order), no unit
 * or description, no /perf; then a /summary entry that is not a scalar. */
static void test_read_foreign(void **state)
{
  (void)state;
  char path[512];
  const double v[3] = {1.5, 2.5, 3.5};
  struct og_results_summary *s = NULL;
  struct og_error err = {""};
  hid_t f = H5Fcreate(in_dir(path, sizeof path, "foreign.h5"), H5F_ACC_TRUNC, H5P_DEFAULT,
                      H5P_DEFAULT);
  hid_t g = H5Gcreate2(f, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_f64(g, "b", 0, &v[0]);
  put_f64(g, "a", 0, &v[1]);
  H5Gclose(g);
  H5Fclose(f);
  assert_int_equal(og_results_read_summary(path, &s, &err), OG_OK);
  assert_int_equal(s->n_summary, 2);
  assert_string_equal(s->summary[0].name, "a");
  assert_f64_equal(s->summary[0].value, 2.5);
  assert_string_equal(s->summary[0].unit, "");
  assert_string_equal(s->summary[1].desc, "");
  assert_int_equal(s->n_perf + s->n_attrs, 0);
  og_results_summary_free(s);
  f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  put_f64(f, "summary/c", 3, v);
  H5Fclose(f);
  expect_read_error(path, OG_EPARSE, "/summary/c is not a numeric scalar");
}

static void test_free_null(void **state)
{
  (void)state;
  og_results_summary_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip_summary),
      cmocka_unit_test(test_layout),
      cmocka_unit_test(test_h5py_reads),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_write_missing_dir),
      cmocka_unit_test(test_write_failure_cleans_up),
      cmocka_unit_test(test_overwrite),
      cmocka_unit_test(test_write_bad_input),
      cmocka_unit_test(test_read_errors),
      cmocka_unit_test(test_read_foreign),
      cmocka_unit_test(test_free_null),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
