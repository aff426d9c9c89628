#!/usr/bin/env python3
"""Load on `werkblad serve`: N simulated participants type for a while on loopback.

usage: live-load.py WERKBLAD WORKDIR [--participants 50] [--seconds 60] [--rate 2]

Starts the server itself on a session with N participants, logs each one in with the
participants' link (as a browser does: POST /api/aanmelden, then the WebSocket with the
cookie and the page's Origin), has each type into a field of the werkblad `rate` times a
second (the text grows by a few letters each time), and measures, for every change, the
time until each other participant has it. Stops by itself after `seconds`; then SIGTERM.
Prints one JSON object: changes sent, deliveries, median and 99th-percentile delivery time
(ms), the server's peak and final resident memory (MiB, /proc VmHWM and VmRSS), the
saved file's check.
"""
import asyncio, http.client, json, re, signal, statistics, subprocess, sys, time
from pathlib import Path
import websockets

FIELDS = (["kennismaken_dilemma", "kennismaken_waarom-nu", "kennismaken_kaders", "verkennen_gedeelde-vraag",
           "afwegen_conclusie", "kiezen_keuze", "kiezen_wat-heeft-wie-nodig", "kiezen_hoe-nu-verder",
           "afronding_tevreden", "afronding_samenvatting"]
          + ["verkennen_spelers_%d_%s" % (i, k) for i in range(1, 4)
             for k in ["standpunten-en-emoties", "belangen-en-waarden", "rechten-en-voorkeuren"]]
          + ["afwegen_opties_%d_%s" % (i, k) for i in range(1, 3) for k in ["voordelen", "nadelen"]])


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = type(default)(args[i + 1])
        del args[i:i + 2]
        return value
    return default


def memory(pid):
    status = Path("/proc/%d/status" % pid).read_text()
    get = lambda key: int(re.search(key + r":\s+(\d+) kB", status).group(1)) / 1024
    return round(get("VmHWM"), 1), round(get("VmRSS"), 1)


async def participant(i, port, token, seconds, rate, sent, received, ready, go):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/api/aanmelden", body=json.dumps({"token": token}), headers={"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    cookie = r.getheader("Set-Cookie").split(";")[0]
    async with websockets.connect("ws://127.0.0.1:%d/ws" % port, origin="http://127.0.0.1:%d" % port,
                                  additional_headers={"Cookie": cookie}, max_size=2 ** 20) as ws:
        await ws.send(json.dumps({"type": "hello", "name": "Deelnemer %02d" % (i + 1)}))
        revs = {}

        async def listen():
            async for raw in ws:
                m = json.loads(raw)
                if m.get("type") == "field":
                    revs[m["field"]] = m["value"]["rev"]
                    key = m["value"]["value"][-14:]
                    if key in sent and sent[key][1] != i:
                        received.append(time.monotonic() - sent[key][0])
        listener = asyncio.create_task(listen())
        ready.append(i)
        await go.wait()
        field = FIELDS[i % len(FIELDS)]
        text = "Deelnemer %d typt: " % (i + 1)
        end = time.monotonic() + seconds
        n = 0
        await asyncio.sleep((i % 10) / (10 * rate))
        while time.monotonic() < end:
            n += 1
            marker = "#%03d-%09d" % (i, n)   # 14 characters at the end: which change this is
            value = text + "woord " * (n % 40) + marker
            sent[marker] = (time.monotonic(), i)
            await ws.send(json.dumps({"type": "set", "field": field, "value": value, "base": revs.get(field, 0)}))
            await asyncio.sleep(1 / rate)
        await asyncio.sleep(1.0)
        listener.cancel()


async def run(port, token, n, seconds, rate):
    sent, received, ready = {}, [], []
    go = asyncio.Event()
    tasks = [asyncio.create_task(participant(i, port, token, seconds, rate, sent, received, ready, go)) for i in range(n)]
    while len(ready) < n:
        await asyncio.sleep(0.05)
    go.set()
    await asyncio.gather(*tasks)
    return sent, received


def main():
    args = sys.argv[1:]
    n = option(args, "--participants", 50)
    seconds = option(args, "--seconds", 60)
    rate = option(args, "--rate", 2.0)
    binary, work = args[0], Path(args[1])
    work.mkdir(parents=True, exist_ok=True)
    session = work / "last.yaml"
    names = ", ".join('"Deelnemer %02d"' % (i + 1) for i in range(n))
    session.write_text("versie: 1\nsessie:\n  titel: \"Belasting\"\n  gespreksleider: \"Anouk Verbeek\"\n"
                       "  deelnemers: [%s]\n" % names, encoding="utf-8")
    (work / "last.live.yaml").unlink(missing_ok=True)
    server = subprocess.Popen([binary, "serve", str(session), "--poort", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    link = server.stdout.readline().strip()
    port = int(re.search(r":(\d+)/", link).group(1))
    # The participants' link, as the gespreksleider's page shows it.
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/api/aanmelden", body=json.dumps({"token": link.split("#t=")[1]}), headers={"Content-Type": "application/json"})
    invite = json.loads(c.getresponse().read())["invite"]
    started = time.monotonic()
    sent, received = asyncio.run(run(port, invite, n, seconds, rate))
    elapsed = time.monotonic() - started
    peak, rss = memory(server.pid)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=15)
    check = subprocess.run([binary, "check", str(work / "last.live.yaml")], capture_output=True, text=True)
    received.sort()
    q = lambda p: round(received[min(len(received) - 1, int(p * len(received)))] * 1000, 1) if received else None
    print(json.dumps({
        "participants": n, "seconds": round(elapsed, 1), "changes": len(sent), "deliveries": len(received),
        "expected_deliveries": len(sent) * (n - 1), "median_ms": q(0.5), "p99_ms": q(0.99), "max_ms": q(1.0),
        "server_peak_mib": peak, "server_rss_mib": rss, "saved_file_check": check.returncode == 0,
    }))


if __name__ == "__main__":
    main()
