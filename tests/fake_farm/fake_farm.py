#!/usr/bin/python3
"""A local stand-in for the Renderbus / Fox Renderfarm task API, for tests.

It checks every request as strictly as the farm would (spec/renderbus-api.md):
the signature is recomputed from the headers and the body, the timestamp must be
within a window, a nonce may not be reused, required fields must be present with
the right types.  It keeps tasks, projects and uploaded files in memory.

    fake_farm.py --dir DIR --access-id ID --key KEY [--lifetime SECONDS]
                 [--tls-cert CERT.pem --tls-key KEY.pem]

It listens on 127.0.0.1 on a free port (HTTPS with --tls-cert), writes the port to DIR/port, logs each
request to DIR/requests.jsonl, and stops by itself after --lifetime seconds.
Faults are read from DIR/faults.json before each request: a list of rules
    {"path": "/api/..." or "*", "fault": "http500" | "drop" | "slow" | "code",
     "times": N, "seconds": S (slow), "code": C, "message": M (code)}
each applying to the next N matching requests (after skipping "after": K of
them); and {"clock_offset": S} (an
object entry in the list) shifts the server's clock by S seconds.
Only the Python 3 standard library is used.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIGNED_HEADERS = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "version")
TIME_WINDOW = 300  # seconds either way
FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def flatten(value, prefix, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, "%s.%s" % (prefix, k) if prefix else k, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            flatten(v, "%s%d" % (prefix, i), out)
    else:
        if isinstance(value, bool) or value is None or isinstance(value, float):
            raise Refused(600, "unsignable value for %s" % prefix)
        out[prefix] = str(value)


def string_to_sign(domain, path, headers, body):
    merged = dict(headers)
    merged.update(body)
    flat = {}
    flatten(merged, "", flat)
    keys = sorted(flat, key=lambda k: k.encode("utf-8"))
    pairs = "&".join("%s=%s" % (k, flat[k]) for k in keys)
    return "[POST]%s:%s&%s" % (domain, path, pairs)


def sign(key, text):
    mac = hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


# ---- field checks ------------------------------------------------------------------------------

def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def need(body, name, kind, required=True):
    if name not in body:
        if required:
            raise Refused(601, "missing parameter: %s" % name)
        return None
    v = body[name]
    ok = {
        "int": is_int(v),
        "str": isinstance(v, str),
        "int_list": isinstance(v, list) and all(is_int(x) for x in v),
        "str_list": isinstance(v, list) and all(isinstance(x, str) for x in v),
    }[kind]
    if not ok:
        raise Refused(600, "invalid parameter: %s must be %s" % (name, kind))
    return v


class Farm:
    def __init__(self, args):
        self.dir = args.dir
        self.access_id = args.access_id
        self.key = args.key
        self.lock = threading.Lock()
        self.nonces = {}
        self.tasks = {}
        self.next_task = 1658434
        self.projects = [{"projectId": 77, "projectName": "existing"}]
        self.user_id = 100093

    # ---- faults ----
    def faults(self):
        path = os.path.join(self.dir, "faults.json")
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return []

    def save_faults(self, rules):
        path = os.path.join(self.dir, "faults.json")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(rules, f)
        os.replace(tmp, path)

    def clock_offset(self):
        for r in self.faults():
            if isinstance(r, dict) and "clock_offset" in r:
                return r["clock_offset"]
        return 0

    def take_fault(self, path):
        with self.lock:
            rules = self.faults()
            for r in rules:
                if not isinstance(r, dict) or "fault" not in r:
                    continue
                if r.get("path", "*") not in ("*", path) or r.get("times", 1) <= 0:
                    continue
                if r.get("after", 0) > 0:
                    r["after"] -= 1
                    self.save_faults(rules)
                    continue
                r["times"] = r.get("times", 1) - 1
                self.save_faults(rules)
                return dict(r)
        return None

    def log(self, entry):
        with self.lock:
            with open(os.path.join(self.dir, "requests.jsonl"), "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    # ---- checks common to every request ----
    def check_headers(self, path, headers, body, host):
        h = {}
        for name in SIGNED_HEADERS + ("signature",):
            v = headers.get(name)
            if v is None:
                raise Refused(601, "missing header: %s" % name)
            h[name] = v
        if headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise Refused(600, "Content-Type must be application/json")
        lang = headers.get("languageFlag")
        if lang is not None and lang not in ("0", "1"):
            raise Refused(600, "languageFlag must be 0 or 1")
        if h["channel"] != "4" or h["version"] != "2.0.0":
            raise Refused(600, "unexpected channel or version")
        if not re.fullmatch(r"[0-9]+", h["platform"]):
            raise Refused(600, "platform must be digits")
        if h["accessId"] != self.access_id:
            raise Refused(602, "unknown accessId")
        if not re.fullmatch(r"[0-9]{1,12}", h["UTCTimestamp"]):
            raise Refused(600, "UTCTimestamp must be Unix seconds")
        now = time.time() + self.clock_offset()
        if abs(int(h["UTCTimestamp"]) - now) > TIME_WINDOW:
            raise Refused(610, "signature expired")
        if not re.fullmatch(r"[0-9]{6}", h["nonce"]):
            raise Refused(600, "nonce must be a 6-digit number")
        signed = {k: h[k] for k in SIGNED_HEADERS}
        want = sign(self.key, string_to_sign(host, path, signed, body))
        if not hmac.compare_digest(want, h["signature"]):
            raise Refused(611, "signature invalid")
        with self.lock:
            for n, t in list(self.nonces.items()):
                if t < now - 2 * TIME_WINDOW:
                    del self.nonces[n]
            if h["nonce"] in self.nonces:
                raise Refused(603, "nonce reused")
            self.nonces[h["nonce"]] = now

    # ---- endpoints ----
    def task(self, body):
        tid = need(body, "taskId", "int")
        if tid not in self.tasks:
            raise Refused(600, "no task %d" % tid)
        return self.tasks[tid]

    def profile(self, body):
        return {"userId": self.user_id, "userName": "td", "platform": 2, "shareMainCapital": False,
                "mainUserId": 0}

    def create_task(self, body):
        count = need(body, "count", "int")
        level = need(body, "taskUserLevel", "int")
        need(body, "labels", "str_list", False)
        need(body, "artist", "str", False)
        if count < 1 or level not in (50, 60):
            raise Refused(600, "invalid count or taskUserLevel")
        ids, aliases = [], []
        with self.lock:
            for _ in range(count):
                tid = self.next_task
                self.next_task += 1
                self.tasks[tid] = {"id": tid, "alias": "A%d" % tid, "files": {}, "submitted": False,
                                   "status": 0, "polls": 0, "producer": None}
                ids.append(tid)
                aliases.append("A%d" % tid)
        return {"taskIdList": ids, "aliasTaskIdList": aliases, "userId": self.user_id}

    def project_list(self, body):
        need(body, "flag", "int")
        return list(self.projects)

    def project_add(self, body):
        name = need(body, "newName", "str")
        need(body, "status", "int")
        with self.lock:
            self.projects.append({"projectId": 78 + len(self.projects), "projectName": name})
        return None

    def json_file(self, body):
        t = self.task(body)
        name = need(body, "fileName", "str")
        content = need(body, "content", "str")
        if name not in FILE_NAMES:
            raise Refused(600, "fileName must be one of %s" % ", ".join(FILE_NAMES))
        try:
            json.loads(content)
        except ValueError:
            raise Refused(600, "%s is not JSON" % name)
        if name == "task.json":
            info = json.loads(content).get("task_info", {})
            if info.get("task_id") != str(t["id"]):
                raise Refused(600, "task.json task_id does not match")
        t["files"][name] = content
        return None

    def tip_detail(self, body):
        codes = need(body, "codes", "str_list")
        need(body, "language", "int")
        return [{"code": c, "type": 1 if c.startswith("1") else 0, "desDescriptionCn": "d",
                 "desSolutionCn": "s"} for c in codes]

    def bid(self, body):
        return {"config_bid": "30", "input_bid": "10", "output_bid": "20", "parent_input_bid": "10",
                "sub_user_output_bids": []}

    def transfer_config(self, body):
        return {"resqEngines": [
            {"engineName": "Aspera", "isDefault": 0, "respTaskEngineLines": [
                {"name": "asp", "server": "10.0.0.1", "port": "33001", "isDefault": 1}]},
            {"engineName": "RaySyncProxy", "isDefault": 1, "respTaskEngineLines": [
                {"name": "other", "server": "10.0.0.3", "port": "2121", "isDefault": 0},
                {"name": "main", "server": "10.0.0.2", "port": "2542", "isDefault": 1}]}]}

    def submit(self, body):
        t = self.task(body)
        need(body, "producer", "str", False)
        missing = [n for n in FILE_NAMES if n not in t["files"]]
        if missing:
            raise Refused(600, "files not uploaded: %s" % ", ".join(missing))
        if t["submitted"]:
            raise Refused(600, "task %d was already submitted" % t["id"])
        t["submitted"] = True
        t["producer"] = body.get("producer")
        return None

    def task_info(self, body):
        ids = need(body, "taskIds", "int_list")
        items = []
        for tid in ids:
            t = self.tasks.get(tid)
            if not t:
                continue
            # Each query moves a submitted task on: waiting, rendering, done.
            if t["submitted"] and t["status"] not in (10, 25, 35):
                t["polls"] += 1
                t["status"] = {1: 0, 2: 5}.get(t["polls"], 25)
            done = {0: 0, 5: 4, 25: 10}.get(t["status"], 0)
            items.append({"id": tid, "taskAlias": t["alias"], "taskStatus": t["status"], "totalFrames": 10,
                          "doneFrames": done, "failedFrames": 0, "outputFileName": "shot", "isOpen": 1,
                          "respRenderingTaskList": [
                              {"id": tid + 1000000, "taskAlias": t["alias"] + "-1", "taskStatus": t["status"],
                               "totalFrames": 10, "doneFrames": done, "failedFrames": 0,
                               "outputFileName": "shot_layer1", "isOpen": 0}]})
        return {"items": items, "pageCount": 1}

    def set_status(self, status):
        def handler(body):
            for tid in need(body, "taskIds", "int_list"):
                if tid not in self.tasks:
                    raise Refused(600, "no task %d" % tid)
                self.tasks[tid]["status"] = status
            return None
        return handler

    def routes(self):
        return {
            "/api/render/setUp/queryUserProfile": self.profile,
            "/api/render/submit/createTask": self.create_task,
            "/api/render/project/list": self.project_list,
            "/api/render/project/add": self.project_add,
            "/api/render/submit/taskJsonFile": self.json_file,
            "/api/render/submit/queryAnalyseErrorDetail": self.tip_detail,
            "/api/render/transfer/getBid": self.bid,
            "/api/render/transfer/getConfig": self.transfer_config,
            "/api/render/submit/task": self.submit,
            "/api/render/handle/queryTaskInfo/v2": self.task_info,
            "/api/rendering/task/renderingTask/stopTask": self.set_status(10),
            "/api/rendering/task/renderingTask/startTask": self.set_status(5),
            "/api/render/handle/abandonTask": self.set_status(35),
        }


def make_handler(farm):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def reply(self, status, payload):
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True

        def envelope(self, code, message, data=None):
            now_ms = int((time.time() + farm.clock_offset()) * 1000)
            self.reply(200, {"version": "1.0.0", "result": code == 200, "message": message, "code": code,
                             "data": data, "serverTime": now_ms, "requestId": uuid.uuid4().hex})

        def do_GET(self):
            self.reply(405, {"error": "POST only"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length) if length > 0 else b""
            path = self.path
            entry = {"path": path, "headers": {k: v for k, v in self.headers.items()},
                     "body": raw.decode("utf-8", "replace"), "time": time.time()}
            fault = farm.take_fault(path)
            entry["fault"] = fault["fault"] if fault else None
            if fault and fault["fault"] == "drop":
                farm.log(dict(entry, outcome="dropped"))
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault and fault["fault"] == "http500":
                farm.log(dict(entry, outcome="http500"))
                self.reply(500, {"error": "internal"})
                return
            if fault and fault["fault"] == "slow":
                time.sleep(float(fault.get("seconds", 3)))
            routes = farm.routes()
            if path not in routes:
                farm.log(dict(entry, outcome="http404"))
                self.reply(404, {"error": "not found"})
                return
            try:
                try:
                    body = json.loads(raw.decode("utf-8")) if raw else None
                except ValueError:
                    raise Refused(600, "body is not JSON")
                if not isinstance(body, dict):
                    raise Refused(600, "body must be a JSON object")
                farm.check_headers(path, self.headers, body, self.headers.get("Host", ""))
                if fault and fault["fault"] == "code":
                    raise Refused(int(fault.get("code", 600)), fault.get("message", "injected"))
                data = routes[path](body)
            except Refused as r:
                farm.log(dict(entry, outcome="refused", code=r.code, message=r.message))
                self.envelope(r.code, r.message)
                return
            farm.log(dict(entry, outcome="ok", code=200))
            self.envelope(200, "success", data)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--access-id", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--lifetime", type=float, default=120.0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    farm = Farm(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(farm))
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
        # A client that refuses the certificate makes accept() fail; the server carries on.
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    port_path = os.path.join(args.dir, "port")
    with open(port_path + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_path + ".tmp", port_path)
    # The server stops by itself, whatever happens to the test that started it.
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
