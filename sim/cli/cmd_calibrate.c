/* ogsim calibrate: measure this machine's FP32 peak and OpenBLAS sgemm rates
 * (square shapes, and each zoo model's forward step at several batch sizes)
 * and write them to a calibration file (YAML) that scenarios can use. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <unistd.h>

#include "calibrate.h"
#include "cli.h"
#include "net.h"
#include "signals.h"
#include "tmpfiles.h"
#include "version.h"

static const size_t squares[] = {256, 512, 1024, 2048};
static const size_t batches[] = {1, 8, 64};

struct cal_opts {
  const char *out, *zoo;
  double seconds; /* per measurement */
};

static void cpu_name(char *buf, size_t len)
{
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  snprintf(buf, len, "unknown");
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
      snprintf(buf, len, "%s", strchr(line, ':') + 2);
      buf[strcspn(buf, "\n")] = 0;
      break;
    }
  if (f)
    fclose(f);
}

static int squares_section(FILE *f, const struct cal_opts *o, double peak)
{
  fprintf(f, "sgemm:                 # C = A B, A m x k, B k x n, fp32, one thread\n");
  for (size_t i = 0; i < sizeof squares / sizeof squares[0]; i++) {
    size_t s = squares[i];
    double r;
    if (og_calib_sgemm(s, s, s, o->seconds, &r) != OG_OK)
      return -1;
    fprintf(stderr, "ogsim: sgemm %4zu x %4zu x %4zu: %6.1f GFLOP/s, %3.0f%% of peak\n", s, s, s,
            r / 1e9, 100 * r / peak);
    fprintf(f, "  - {m: %zu, n: %zu, k: %zu, achieved: %.4gGFlops, efficiency: %.4f}\n", s, s, s,
            r / 1e9, r / peak);
  }
  return 0;
}

static int model_rows(FILE *f, const struct cal_opts *o, const char *path, double peak)
{
  struct og_arch *a = NULL;
  struct og_error err = {{0}};
  if (og_arch_load(path, &a, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return -1;
  }
  for (size_t i = 0; i < sizeof batches / sizeof batches[0]; i++) {
    double r;
    if (og_calib_arch(a, batches[i], o->seconds, &r) != OG_OK) {
      og_arch_free(a);
      return -1;
    }
    fprintf(stderr, "ogsim: %-16s batch %2zu: %6.1f GFLOP/s, %3.0f%% of peak\n", a->name,
            batches[i], r / 1e9, 100 * r / peak);
    fprintf(f, "  - {name: %s, batch: %zu, achieved: %.4gGFlops, efficiency: %.4f}\n", a->name,
            batches[i], r / 1e9, r / peak);
  }
  og_arch_free(a);
  return 0;
}

static int cmpstr(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Zoo files in name order, so the file is the same run to run. */
static int models_section(FILE *f, const struct cal_opts *o, double peak)
{
  DIR *d = opendir(o->zoo);
  char *names[256];
  size_t n = 0;
  struct dirent *e;
  if (!d) {
    fprintf(stderr, "ogsim: calibrate: cannot open the zoo directory '%s'\n", o->zoo);
    return -1;
  }
  while ((e = readdir(d)) && n < 256)
    if (strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".yaml"))
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof *names, cmpstr);
  fprintf(f, "models:                # one forward step: decoders 1 token per request\n");
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->zoo, names[i]);
    if (rc == 0 && names[i])
      rc = model_rows(f, o, path, peak);
    free(names[i]);
  }
  return rc;
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Real forward passes of a runnable model at a batch size: FLOP/s achieved
 * and seconds per request, the best of runs totalling about `seconds`. */
static int time_forward(FILE *f, struct og_net *n, const struct og_arch *a, size_t batch,
                        double seconds, double peak)
{
  size_t il = og_net_input_len(n), ol = og_net_output_len(n);
  float *in = malloc(batch * il * sizeof *in), *out = malloc(batch * ol * sizeof *out);
  struct og_request_cost c;
  int bad = !in || !out || og_arch_request_cost(a, a->prompt_tokens, 1, &c) != OG_OK;
  for (size_t r = 0; !bad && r < batch; r++)
    og_net_input(n, 5, r, in + r * il);
  double best = INFINITY, spent = 0;
  for (int runs = 0; !bad && (runs < 3 || spent < seconds); runs++) {
    double t0 = now_s();
    bad = og_net_forward(n, OG_EXEC_HONEST, in, batch, out, 0) != OG_OK;
    double dt = now_s() - t0;
    spent += dt;
    best = dt < best ? dt : best;
  }
  free(in), free(out);
  if (bad)
    return -1;
  double rate = c.prefill_flops * (double)batch / best;
  fprintf(stderr, "ogsim: %-16s forward, batch %2zu: %6.1f GFLOP/s, %8.1f us per request\n",
          a->name, batch, rate / 1e9, best / (double)batch * 1e6);
  fprintf(f, "  - {name: %s, batch: %zu, achieved: %.4gGFlops, efficiency: %.4f, "
             "per_request: %.4gus}\n", a->name, batch, rate / 1e9, rate / peak,
          best / (double)batch * 1e6);
  return 0;
}

/* Honest noise and cheating distances of the runnable zoo models. */
static const char *const runnable[] = {"tiny-mlp", "tiny-transformer"};

static int forward_section(FILE *f, const struct cal_opts *o, double peak)
{
  fprintf(f, "forward:               # real forward passes (prefill) of the runnable models\n");
  for (size_t i = 0; i < 2; i++) {
    char path[4096];
    struct og_arch *a = NULL;
    struct og_net *n = NULL;
    struct og_error err = {{0}};
    snprintf(path, sizeof path, "%s/%s.yaml", o->zoo, runnable[i]);
    int bad = og_arch_load(path, &a, &err) != OG_OK || og_net_new(a, 1, &n) != OG_OK;
    for (size_t b = 0; !bad && b < sizeof batches / sizeof batches[0]; b++)
      bad = time_forward(f, n, a, batches[b], o->seconds, peak) != 0;
    og_net_free(n);
    og_arch_free(a);
    if (bad) {
      fprintf(stderr, "ogsim: calibrate: cannot run %s %s\n", runnable[i], err.msg);
      return -1;
    }
  }
  return 0;
}

static int noise_section(FILE *f, const struct cal_opts *o)
{
  fprintf(f, "noise:                 # relative L2 distance to the request computed alone, 1 "
             "thread; honest: largest, variants: smallest over 32 requests\n");
  for (size_t i = 0; i < 2; i++) {
    char path[4096];
    struct og_arch *a = NULL;
    struct og_net *n = NULL;
    struct og_noise z;
    struct og_error err = {{0}};
    snprintf(path, sizeof path, "%s/%s.yaml", o->zoo, runnable[i]);
    int bad = og_arch_load(path, &a, &err) != OG_OK || og_net_new(a, 1, &n) != OG_OK ||
              og_net_noise(n, 2, 32, &z) != OG_OK;
    og_net_free(n);
    og_arch_free(a);
    if (bad) {
      fprintf(stderr, "ogsim: calibrate: cannot measure the noise of %s %s\n", runnable[i],
              err.msg);
      return -1;
    }
    fprintf(stderr, "ogsim: %-16s honest noise: batch %.3g, threads %.3g; each cheat:\n",
            runnable[i], z.batch, z.threads);
    fprintf(f, "  - {name: %s, honest_batch: %.4g, honest_threads: %.4g", runnable[i], z.batch,
            z.threads);
    for (int v = OG_EXEC_FP16; v < OG_EXEC_VARIANT_COUNT_; v++) {
      fprintf(f, ", %s: %.4g", og_exec_variant_names[v], z.variant[v]);
      fprintf(stderr, "ogsim:   %-12s %.4g\n", og_exec_variant_names[v], z.variant[v]);
    }
    fprintf(f, "}\n");
  }
  return 0;
}

static int measure(FILE *f, const struct cal_opts *o)
{
  char cpu[256];
  const char *isa;
  cpu_name(cpu, sizeof cpu);
  fprintf(stderr, "ogsim: measuring the FP32 peak of one core...\n");
  double peak = og_calib_fma_peak(o->seconds * 2, &isa);
  fprintf(stderr, "ogsim: peak %.1f GFLOP/s (%s)\n", peak / 1e9, isa);
  fprintf(f, "# ogsim calibration, written by `ogsim calibrate` (ogsim %s, %s)\n", OGSIM_VERSION,
          OGSIM_GIT_REV);
  fprintf(f, "machine: \"%s\"\nopenblas: \"%s (%s kernels), 1 thread\"\n", cpu,
          og_calib_blas_config(), og_calib_blas_core());
  fprintf(f, "peak: %.4gGFlops       # best of 5 runs of 12 independent %s chains\n",
          peak / 1e9, isa);
  if (squares_section(f, o, peak) || models_section(f, o, peak) ||
      forward_section(f, o, peak) || noise_section(f, o))
    return -1;
  return ferror(f) ? -1 : 0;
}

/* Measure into tmp, a new file (never one already there, nor through a
 * symbolic link), put on disk, then renamed to o->out. */
static int write_via(const char *tmp, const struct cal_opts *o)
{
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    fprintf(stderr, "ogsim: cannot create '%s': %s\n", tmp, strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(tmp);
    }
    return OG_EXIT_USAGE;
  }
  int rc = measure(f, o);
  if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
    rc = -1;
  if (fclose(f) != 0 || rc != 0 || rename(tmp, o->out) != 0) {
    unlink(tmp);
    fprintf(stderr, "ogsim: calibration not written\n");
    return OG_EXIT_INTERNAL;
  }
  return OG_EXIT_OK;
}

static int calibrate(const struct og_cli_args *a)
{
  const struct cal_opts o = {a->out, a->zoo, a->quick ? 0.05 : 0.5};
  struct og_error err = {0};
  if (og_results_check_path(o.out, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return OG_EXIT_USAGE;
  }
  static char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%d", o.out, (int)getpid()) >= (int)sizeof tmp) {
    fprintf(stderr, "ogsim: output name too long: %s\n", o.out);
    return OG_EXIT_USAGE;
  }
  og_cli_catch_signals();
  int slot = og_tmpfiles_add(tmp);
  int rc = write_via(tmp, &o);
  og_tmpfiles_remove(slot);
  if (rc == OG_EXIT_OK)
    fprintf(stderr, "ogsim: calibration written to %s\n", o.out);
  return rc;
}

int og_cmd_calibrate(int argc, char **argv)
{
  return og_cli_main(OG_CLI_CALIBRATE, argc, argv, calibrate);
}
