/* xgrab - time to the final picture on a real X screen, and the memory of
 * the process that draws it (make bench, under Xvfb).
 *
 *   xgrab SECONDS COMMAND ARGS...
 *
 * Starts COMMAND and watches the root window for SECONDS, then reads the
 * process's PSS (/proc/PID/smaps_rollup) and stops it with SIGTERM. The
 * screen is grabbed each time the X server reports it changed (the DAMAGE
 * extension: the time is when the report arrived, so the first picture
 * seen at a time is on the screen by then), or every 20 ms where the
 * server has no DAMAGE. The final picture is the last grab; the time
 * printed is when the run of grabs equal to it began, from the start of
 * COMMAND. Prints "final_ms N", "pss_kib N", "grabs N", "cpu_ms N" and
 * "runq_ms N" (the process's time on a CPU, and waiting in the run queue
 * for one, by then), "how damage|poll", then "change_ms N" for every grab
 * that differed from the one before. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <stdbool.h>
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t hash_image(XImage *im)
{
    uint64_t h = 1469598103934665603ull;
    for (int y = 0; y < im->height; y++) {
        const unsigned char *row = (const unsigned char *)im->data + (size_t)y * (size_t)im->bytes_per_line;
        size_t n = (size_t)im->width * (size_t)(im->bits_per_pixel / 8);
        for (size_t i = 0; i < n; i += 8) {
            uint64_t v = 0;
            memcpy(&v, row + i, n - i < 8 ? n - i : 8);
            h = (h ^ v) * 1099511628211ull;
        }
    }
    return h;
}

/* The process's time on a CPU and its time ready but waiting for one (the
 * run queue), summed over its threads, in ns (/proc/PID/task/TID/schedstat;
 * zeros where the kernel keeps no schedstats). */
static void sched_ns(pid_t pid, double *on_cpu, double *waiting)
{
    *on_cpu = *waiting = 0;
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[384];
        snprintf(path, sizeof path, "%s/%s/schedstat", dir, e->d_name);
        FILE *f = fopen(path, "r");
        double a = 0, b = 0;
        if (f && fscanf(f, "%lf %lf", &a, &b) == 2) {
            *on_cpu += a;
            *waiting += b;
        }
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
}

static long pss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xgrab SECONDS COMMAND ARGS...\n");
        return 2;
    }
    double secs = atof(argv[1]);
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xgrab: cannot open the X display\n");
        return 1;
    }
    Window root = DefaultRootWindow(d);
    XWindowAttributes wa;
    XGetWindowAttributes(d, root, &wa);
    enum { MAX_GRABS = 4096 };
    static double t[MAX_GRABS];
    static uint64_t h[MAX_GRABS];
    static double cpu[MAX_GRABS], runq[MAX_GRABS];
    int n = 0;
    int dev = 0, der = 0;
    bool damage = XDamageQueryExtension(d, &dev, &der);
    Damage dmg = damage ? XDamageCreate(d, root, XDamageReportNonEmpty) : 0;
    XSync(d, False);
    double t0 = ms_now();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    /* grab(at): the screen as it is now, seen at time at */
#define GRAB(at)                                                                                            \
    do {                                                                                                    \
        XImage *im = XGetImage(d, root, 0, 0, (unsigned)wa.width, (unsigned)wa.height, AllPlanes, ZPixmap); \
        if (im) {                                                                                           \
            t[n] = (at) - t0;                                                                               \
            h[n] = hash_image(im);                                                                          \
            sched_ns(pid, &cpu[n], &runq[n]);                                                               \
            n++;                                                                                            \
            XDestroyImage(im);                                                                              \
        }                                                                                                   \
    } while (0)
    GRAB(t0);
    double end = t0 + secs * 1000;
    while (n < MAX_GRABS - 1 && ms_now() < end) {
        if (!damage) {
            double next = ms_now() + 20;
            while (ms_now() < next)
                usleep(1000);
            GRAB(ms_now());
            continue;
        }
        if (XEventsQueued(d, QueuedAfterFlush) == 0) {
            struct pollfd pf = {.fd = ConnectionNumber(d), .events = POLLIN};
            int wait = (int)(end - ms_now()) + 1;
            if (poll(&pf, 1, wait > 0 ? wait : 0) <= 0)
                continue;
        }
        double arrived = ms_now();
        bool changed = false;
        while (XEventsQueued(d, QueuedAfterReading) > 0) {
            XEvent ev;
            XNextEvent(d, &ev);
            changed |= ev.type == dev + XDamageNotify;
        }
        if (changed) {
            /* cleared before the grab: what is drawn after it is reported again */
            XDamageSubtract(d, dmg, None, None);
            GRAB(arrived);
        }
    }
    GRAB(ms_now()); /* the picture at the end: the final one */
    long pss = pss_kib(pid);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    if (damage)
        XDamageDestroy(d, dmg);
    XCloseDisplay(d);
    if (n == 0)
        return 1;
    int k = n - 1;
    while (k > 0 && h[k - 1] == h[n - 1])
        k--;
    printf("final_ms %.1f\npss_kib %ld\ngrabs %d\n", t[k], pss, n);
    /* by the grab that first saw the final picture: the process's time on
     * a CPU, and the time it was ready to run but waited for one (on a
     * busy machine, the part of final_ms the program did not spend) */
    printf("cpu_ms %.1f\nrunq_ms %.1f\n", cpu[k] / 1e6, runq[k] / 1e6);
    printf("how %s\n", damage ? "damage" : "poll");
    /* when the picture changed: what the time to the final one is made of */
    for (int i = 1; i < n; i++)
        if (h[i] != h[i - 1])
            printf("change_ms %.1f\n", t[i]);
    return 0;
}
