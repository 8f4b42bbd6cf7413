/* agm-vmtool - run inside the appliance test's virtual machine (as root).
 *
 *   agm-vmtool grab OUT.ppm [CRTC|CONNECTOR]
 *                                    the picture on a CRTC's primary plane,
 *                                    read from its framebuffer (not from any
 *                                    display emulation): the first active CRTC
 *                                    unless CRTC (0, 1, ...) is given, or the
 *                                    CRTC that drives CONNECTOR (Virtual-2)
 *   agm-vmtool crtcs                 one line per CRTC: index, id, fb, mode
 *   agm-vmtool touch W H FIFO        a multitouch touchscreen (uinput) of
 *                                    W x H units that performs what FIFO
 *                                    receives, one command a line:
 *                                      tap X Y          down, 80 ms, up
 *                                      down X Y | move X Y | up
 *                                      quit
 *   agm-vmtool tap W H X Y [WAIT_MS [PID]]
 *                                    a touchscreen made now; WAIT_MS (default
 *                                    1000) after udev announced it, one tap;
 *                                    3 s later it is removed. With PID: the
 *                                    tap comes once PID has the device open
 *                                    (at most WAIT_MS), and "opened after N
 *                                    ms" (or "not opened in N ms") is printed
 *   agm-vmtool unplug-held W H X Y   a touchscreen made now, touched at X Y
 *                                    and removed while still touched
 *
 * Built statically on the host (tests/appliance/run.sh), so it depends on
 * nothing in the guest. */
#define _GNU_SOURCE
#include <drm.h>
#include <drm_mode.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int die(const char *what)
{
    fprintf(stderr, "agm-vmtool: %s: %s\n", what, strerror(errno));
    return 1;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- the framebuffer on a CRTC -------------------------------------------- */

static int crtc_list(int fd, uint32_t *ids, int max)
{
    struct drm_mode_card_res res;
    memset(&res, 0, sizeof res);
    if (ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res) != 0)
        return -1;
    if ((int)res.count_crtcs > max)
        res.count_crtcs = (uint32_t)max;
    uint32_t n = res.count_crtcs;
    memset(&res, 0, sizeof res);
    res.count_crtcs = n;
    res.crtc_id_ptr = (uint64_t)(uintptr_t)ids;
    if (ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res) != 0)
        return -1;
    return (int)(res.count_crtcs < n ? res.count_crtcs : n);
}

/* The kernel's name of a connector type (drm_connector.c), as in
 * /sys/class/drm/cardN-NAME-ID. */
static const char *conn_type_name(uint32_t t)
{
    static const char *names[] = {"Unknown", "VGA", "DVI-I", "DVI-D", "DVI-A", "Composite", "SVIDEO", "LVDS",
                                  "Component", "DIN", "DP", "HDMI-A", "HDMI-B", "TV", "eDP", "Virtual", "DSI",
                                  "DPI", "Writeback", "SPI", "USB"};
    return t < sizeof names / sizeof names[0] ? names[t] : "Unknown";
}

/* The index (in GETRESOURCES' list) of the CRTC that connector name
 * (e.g. Virtual-2) is driven by now, or -1. */
static int conn_crtc(int fd, const char *name, const uint32_t *crtcs, int ncrtcs)
{
    struct drm_mode_card_res res;
    memset(&res, 0, sizeof res);
    if (ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res) != 0)
        return -1;
    uint32_t conns[32];
    uint32_t n = res.count_connectors < 32 ? res.count_connectors : 32;
    memset(&res, 0, sizeof res);
    res.count_connectors = n;
    res.connector_id_ptr = (uint64_t)(uintptr_t)conns;
    if (ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res) != 0)
        return -1;
    for (uint32_t i = 0; i < n && i < res.count_connectors; i++) {
        struct drm_mode_get_connector c;
        memset(&c, 0, sizeof c);
        c.connector_id = conns[i];
        if (ioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c) != 0)
            continue;
        char cname[64];
        snprintf(cname, sizeof cname, "%s-%u", conn_type_name(c.connector_type), c.connector_type_id);
        if (strcmp(cname, name) != 0)
            continue;
        if (!c.encoder_id)
            return -1;
        struct drm_mode_get_encoder e;
        memset(&e, 0, sizeof e);
        e.encoder_id = c.encoder_id;
        if (ioctl(fd, DRM_IOCTL_MODE_GETENCODER, &e) != 0 || !e.crtc_id)
            return -1;
        for (int k = 0; k < ncrtcs; k++)
            if (crtcs[k] == e.crtc_id)
                return k;
        return -1;
    }
    return -1;
}

static int cmd_crtcs(void)
{
    int fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return die("/dev/dri/card0");
    uint32_t ids[16];
    int n = crtc_list(fd, ids, 16);
    if (n < 0)
        return die("GETRESOURCES");
    for (int i = 0; i < n; i++) {
        struct drm_mode_crtc c;
        memset(&c, 0, sizeof c);
        c.crtc_id = ids[i];
        if (ioctl(fd, DRM_IOCTL_MODE_GETCRTC, &c) != 0)
            return die("GETCRTC");
        printf("%d %u fb=%u %ux%u %s\n", i, c.crtc_id, c.fb_id, c.mode.hdisplay, c.mode.vdisplay,
               c.mode_valid ? "active" : "off");
    }
    close(fd);
    return 0;
}

static int cmd_grab(const char *out, const char *which)
{
    int fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return die("/dev/dri/card0");
    uint32_t ids[16];
    int n = crtc_list(fd, ids, 16);
    if (n < 0)
        return die("GETRESOURCES");
    int want = -1;
    if (which && which[strspn(which, "0123456789")] == '\0')
        want = atoi(which);
    else if (which) {
        want = conn_crtc(fd, which, ids, n);
        if (want < 0) {
            fprintf(stderr, "agm-vmtool: connector %s: not found or driven by no CRTC\n", which);
            return 1;
        }
    }
    struct drm_mode_crtc c;
    int found = -1;
    for (int i = 0; i < n; i++) {
        memset(&c, 0, sizeof c);
        c.crtc_id = ids[i];
        if (ioctl(fd, DRM_IOCTL_MODE_GETCRTC, &c) != 0)
            return die("GETCRTC");
        if ((want < 0 && c.fb_id && c.mode_valid) || want == i) {
            found = i;
            break;
        }
    }
    if (found < 0 || !c.fb_id) {
        fprintf(stderr, "agm-vmtool: no framebuffer on %s\n", want < 0 ? "any CRTC" : "that CRTC");
        return 1;
    }
    struct drm_mode_fb_cmd2 fb;
    memset(&fb, 0, sizeof fb);
    fb.fb_id = c.fb_id;
    if (ioctl(fd, DRM_IOCTL_MODE_GETFB2, &fb) != 0)
        return die("GETFB2 (root is needed to read another program's framebuffer)");
    if (!fb.handles[0]) {
        fprintf(stderr, "agm-vmtool: the framebuffer has no handle (not root?)\n");
        return 1;
    }
    /* XRGB8888 / ARGB8888: 'XR24' 'AR24' */
    if (fb.pixel_format != 0x34325258 && fb.pixel_format != 0x34325241) {
        fprintf(stderr, "agm-vmtool: pixel format %.4s not handled\n", (const char *)&fb.pixel_format);
        return 1;
    }
    struct drm_mode_map_dumb map;
    memset(&map, 0, sizeof map);
    map.handle = fb.handles[0];
    if (ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map) != 0)
        return die("MAP_DUMB");
    size_t size = (size_t)fb.pitches[0] * fb.height + fb.offsets[0];
    const uint8_t *p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, (off_t)map.offset);
    if (p == MAP_FAILED)
        return die("mmap");
    FILE *f = fopen(out, "wb");
    if (!f)
        return die(out);
    fprintf(f, "P6\n%u %u\n255\n", fb.width, fb.height);
    uint8_t *row = malloc((size_t)fb.width * 3);
    for (uint32_t y = 0; y < fb.height; y++) {
        const uint8_t *s = p + fb.offsets[0] + (size_t)y * fb.pitches[0];
        for (uint32_t x = 0; x < fb.width; x++) {
            row[x * 3 + 0] = s[x * 4 + 2];
            row[x * 3 + 1] = s[x * 4 + 1];
            row[x * 3 + 2] = s[x * 4 + 0];
        }
        fwrite(row, 3, fb.width, f);
    }
    free(row);
    if (fclose(f) != 0)
        return die(out);
    fprintf(stderr, "agm-vmtool: CRTC %d: %ux%u framebuffer %u saved\n", found, fb.width, fb.height, c.fb_id);
    return 0;
}

/* ---- a touchscreen ---------------------------------------------------------------- */

static int ui_fd = -1;

static void emit(int type, int code, int value)
{
    struct input_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = (unsigned short)type;
    ev.code = (unsigned short)code;
    ev.value = value;
    if (write(ui_fd, &ev, sizeof ev) != (ssize_t)sizeof ev)
        perror("agm-vmtool: uinput write");
}

static int tracking = 0;

static void t_down(int x, int y)
{
    emit(EV_ABS, ABS_MT_SLOT, 0);
    emit(EV_ABS, ABS_MT_TRACKING_ID, ++tracking);
    emit(EV_ABS, ABS_MT_POSITION_X, x);
    emit(EV_ABS, ABS_MT_POSITION_Y, y);
    emit(EV_KEY, BTN_TOUCH, 1);
    emit(EV_ABS, ABS_X, x);
    emit(EV_ABS, ABS_Y, y);
    emit(EV_SYN, SYN_REPORT, 0);
}

static void t_move(int x, int y)
{
    emit(EV_ABS, ABS_MT_SLOT, 0);
    emit(EV_ABS, ABS_MT_POSITION_X, x);
    emit(EV_ABS, ABS_MT_POSITION_Y, y);
    emit(EV_ABS, ABS_X, x);
    emit(EV_ABS, ABS_Y, y);
    emit(EV_SYN, SYN_REPORT, 0);
}

static void t_up(void)
{
    emit(EV_ABS, ABS_MT_SLOT, 0);
    emit(EV_ABS, ABS_MT_TRACKING_ID, -1);
    emit(EV_KEY, BTN_TOUCH, 0);
    emit(EV_SYN, SYN_REPORT, 0);
}

static int touch_create(int w, int h)
{
    ui_fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (ui_fd < 0)
        return die("/dev/uinput");
    ioctl(ui_fd, UI_SET_EVBIT, EV_KEY);
    ioctl(ui_fd, UI_SET_KEYBIT, BTN_TOUCH);
    ioctl(ui_fd, UI_SET_EVBIT, EV_ABS);
    ioctl(ui_fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT);
    struct { int code, max; } axes[] = {
        {ABS_X, w - 1}, {ABS_Y, h - 1}, {ABS_MT_SLOT, 9}, {ABS_MT_TRACKING_ID, 65535},
        {ABS_MT_POSITION_X, w - 1}, {ABS_MT_POSITION_Y, h - 1},
    };
    for (size_t i = 0; i < sizeof axes / sizeof axes[0]; i++) {
        ioctl(ui_fd, UI_SET_ABSBIT, axes[i].code);
        struct uinput_abs_setup a;
        memset(&a, 0, sizeof a);
        a.code = (uint16_t)axes[i].code;
        a.absinfo.maximum = axes[i].max;
        if (ioctl(ui_fd, UI_ABS_SETUP, &a) != 0)
            return die("UI_ABS_SETUP");
    }
    struct uinput_setup us;
    memset(&us, 0, sizeof us);
    us.id.bustype = BUS_USB;
    us.id.vendor = 0x0416;
    us.id.product = 0x7001;
    snprintf(us.name, sizeof us.name, "agm-vmtool touchscreen");
    if (ioctl(ui_fd, UI_DEV_SETUP, &us) != 0 || ioctl(ui_fd, UI_DEV_CREATE) != 0)
        return die("uinput device");
    return 0;
}

/* Wait (at most 20 s) until udev has recorded the device as a touchscreen:
 * then a program that enumerates input devices finds it. */
static int touch_event = -1; /* N of /dev/input/eventN, once udev announced it */

static void touch_wait_udev(void)
{
    char sys[64] = "", path[256];
    if (ioctl(ui_fd, UI_GET_SYSNAME(sizeof sys), sys) < 0)
        return;
    for (int i = 0; i < 200; i++) {
        for (int ev = 0; ev < 64; ev++) {
            snprintf(path, sizeof path, "/sys/devices/virtual/input/%s/event%d/dev", sys, ev);
            FILE *f = fopen(path, "r");
            if (!f)
                continue;
            int maj = 0, min = 0;
            int got = fscanf(f, "%d:%d", &maj, &min);
            fclose(f);
            if (got != 2)
                continue;
            snprintf(path, sizeof path, "/run/udev/data/c%d:%d", maj, min);
            f = fopen(path, "r");
            if (!f)
                break;
            char line[256];
            while (fgets(line, sizeof line, f))
                if (strncmp(line, "E:ID_INPUT_TOUCHSCREEN=1", 24) == 0) {
                    fclose(f);
                    touch_event = ev;
                    return;
                }
            fclose(f);
            break;
        }
        sleep_ms(100);
    }
    fprintf(stderr, "agm-vmtool: udev did not mark %s as a touchscreen\n", sys);
}

static void tap(int x, int y)
{
    t_down(x, y);
    sleep_ms(80);
    t_up();
}

static int cmd_touch(int w, int h, const char *fifo)
{
    signal(SIGPIPE, SIG_IGN);
    if (touch_create(w, h) != 0)
        return 1;
    touch_wait_udev();
    unlink(fifo);
    if (mkfifo(fifo, 0600) != 0)
        return die(fifo);
    for (;;) {
        FILE *f = fopen(fifo, "r");
        if (!f)
            return die(fifo);
        char line[128];
        while (fgets(line, sizeof line, f)) {
            int x, y;
            if (sscanf(line, "tap %d %d", &x, &y) == 2)
                tap(x, y);
            else if (sscanf(line, "down %d %d", &x, &y) == 2)
                t_down(x, y);
            else if (sscanf(line, "move %d %d", &x, &y) == 2)
                t_move(x, y);
            else if (strncmp(line, "up", 2) == 0)
                t_up();
            else if (strncmp(line, "quit", 4) == 0) {
                fclose(f);
                ioctl(ui_fd, UI_DEV_DESTROY);
                return 0;
            }
        }
        fclose(f);
    }
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* True when process pid has /dev/input/eventN open. */
static int has_open(int pid, int n)
{
    char dir[64], want[64], path[320], target[128];
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    snprintf(want, sizeof want, "/dev/input/event%d", n);
    for (int fd = 0; fd < 1024; fd++) {
        snprintf(path, sizeof path, "%s/%d", dir, fd);
        ssize_t k = readlink(path, target, sizeof target - 1);
        if (k <= 0)
            continue;
        target[k] = '\0';
        if (strcmp(target, want) == 0)
            return 1;
    }
    return 0;
}

static int cmd_tap(int w, int h, int x, int y, int wait_ms, int pid)
{
    if (touch_create(w, h) != 0)
        return 1;
    touch_wait_udev();
    if (pid > 0 && touch_event >= 0) {
        /* when the program opened the new device, at most wait_ms after
         * udev announced it; the tap comes then */
        long t0 = now_ms();
        while (!has_open(pid, touch_event) && now_ms() - t0 < wait_ms)
            sleep_ms(5);
        if (has_open(pid, touch_event))
            printf("opened after %ld ms\n", now_ms() - t0);
        else
            printf("not opened in %d ms\n", wait_ms);
        fflush(stdout);
    } else
        sleep_ms(wait_ms);
    tap(x, y);
    sleep_ms(3000);
    ioctl(ui_fd, UI_DEV_DESTROY);
    return 0;
}

/* A touchscreen pulled out while a finger is on it: no lift ever comes. */
static int cmd_unplug_held(int w, int h, int x, int y)
{
    if (touch_create(w, h) != 0)
        return 1;
    touch_wait_udev();
    sleep_ms(1000);
    t_down(x, y);
    sleep_ms(1500);
    ioctl(ui_fd, UI_DEV_DESTROY);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "grab") == 0)
        return cmd_grab(argv[2], argc > 3 ? argv[3] : NULL);
    if (argc == 2 && strcmp(argv[1], "crtcs") == 0)
        return cmd_crtcs();
    if (argc == 5 && strcmp(argv[1], "touch") == 0)
        return cmd_touch(atoi(argv[2]), atoi(argv[3]), argv[4]);
    if ((argc >= 6 && argc <= 8) && strcmp(argv[1], "tap") == 0)
        return cmd_tap(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), argc >= 7 ? atoi(argv[6]) : 1000,
                       argc == 8 ? atoi(argv[7]) : 0);
    if (argc == 6 && strcmp(argv[1], "unplug-held") == 0)
        return cmd_unplug_held(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    fprintf(stderr, "usage: agm-vmtool grab OUT.ppm [CRTC|CONNECTOR] | crtcs | touch W H FIFO | tap W H X Y [WAIT_MS [PID]]\n"
                    "       | unplug-held W H X Y\n");
    return 2;
}
