/* The command's signal handler: remove files being written, then exit
 * with 128 + the signal, as shells report a death by signal. */
#include "signals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tmpfiles.h"

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

static void say(const char *s)
{
  ssize_t rc = write(STDERR_FILENO, s, strlen(s));
  (void)rc;
}

static void on_signal(int sig)
{
  og_tmpfiles_unlink_all();
  say(sig == SIGINT    ? "ogsim: interrupted (SIGINT)\n"
      : sig == SIGTERM ? "ogsim: terminated (SIGTERM)\n"
                       : "ogsim: hung up (SIGHUP)\n");
  _exit(128 + sig);
}

void og_cli_catch_signals(void)
{
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
    sigaddset(&sa.sa_mask, caught[i]);
  for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
    if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
      sigaction(caught[i], &sa, NULL);
}
