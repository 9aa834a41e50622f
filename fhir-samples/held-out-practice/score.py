#!/usr/bin/env python3
"""Score a running CryoCdsHooks service against expected.json (python3 stdlib only).

Usage: python3 score.py [base-url] [expected.json]
  base-url       default http://localhost:5080
  expected.json  default: the expected.json next to this script

Every request is posted to cryoablation-order-sign and to cryoablation-order-select (context.selections = every
draftOrders entry, a fresh hookInstance for each call). Each order's answer is read from the response's
systemActions: the Da Vinci CRD coverage-information extension on the echoed resource (covered, pa-needed).
Expected `noCoverage` / `noAnswer` orders must carry no coverage-information at all. Always exits 0.
"""
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

COVERAGE_INFO = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
SERVICES = (("cryoablation-order-sign", "order-sign"), ("cryoablation-order-select", "order-select"))


def post(url, body):
    data = json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        return e.code, text[:300]
    except (urllib.error.URLError, OSError, ValueError) as e:
        return None, str(e)


def answers(response):
    """{"ServiceRequest/id": (covered, pa-needed or None)} from systemActions; first coverage-information wins."""
    out = {}
    if not isinstance(response, dict):
        return out
    for action in response.get("systemActions") or []:
        res = action.get("resource") or {}
        key = "%s/%s" % (res.get("resourceType"), res.get("id"))
        for ext in res.get("extension") or []:
            if ext.get("url") != COVERAGE_INFO or key in out:
                continue
            sub = {e.get("url"): e.get("valueCode") for e in ext.get("extension") or []}
            out[key] = (sub.get("covered"), sub.get("pa-needed"))
    return out


def request_for(service_hook, original):
    body = json.loads(json.dumps(original))
    body["hookInstance"] = str(uuid.uuid4())
    body["hook"] = service_hook
    if service_hook == "order-select":
        entries = body["context"]["draftOrders"].get("entry") or []
        body["context"]["selections"] = ["%s/%s" % (e["resource"]["resourceType"], e["resource"]["id"]) for e in entries]
    else:
        body["context"].pop("selections", None)
    return body


def fmt(ans):
    if ans is None:
        return "none"
    return "%s/%s" % (ans[0], ans[1] or "-")


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5080").rstrip("/")
    exp_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json")
    root = os.path.dirname(os.path.abspath(exp_path))
    with open(exp_path) as f:
        scenarios = json.load(f)

    totals = {hook: {"scen": 0, "scen_ok": 0, "ord": 0, "ord_ok": 0} for _, hook in SERVICES}
    misses = []
    for sc in scenarios:
        with open(os.path.join(root, sc["request"])) as f:
            original = json.load(f)
        wanted = {o["reference"]: (o["covered"], o.get("paNeeded")) for o in sc.get("orders", [])}
        silent = set(sc.get("noCoverage", [])) | set(sc.get("noAnswer", []))
        for service, hook in SERVICES:
            status, resp = post("%s/cds-services/%s" % (base, service), request_for(hook, original))
            got = answers(resp) if status == 200 else {}
            lines = []
            t = totals[hook]
            t["scen"] += 1
            ok_all = status == 200
            if status != 200:
                lines.append("HTTP %s: %s" % (status, str(resp)[:160]))
            for ref, want in wanted.items():
                t["ord"] += 1
                g = got.get(ref)
                if status == 200 and g == want:
                    t["ord_ok"] += 1
                else:
                    ok_all = False
                    lines.append("%s expected %s got %s" % (ref, fmt(want), fmt(g)))
            for ref in sorted(silent):
                t["ord"] += 1
                g = got.get(ref)
                if status == 200 and g is None:
                    t["ord_ok"] += 1
                else:
                    ok_all = False
                    kind = "no coverage-information (no coverage of ours)" if ref in sc.get("noCoverage", []) else "no answer"
                    lines.append("%s expected %s got %s" % (ref, kind, fmt(g)))
            if ok_all:
                t["scen_ok"] += 1
            print("%s %-13s %s" % ("PASS" if ok_all else "FAIL", hook, sc["scenario"]))
            for line in lines:
                print("       " + line)
            if not ok_all:
                misses.append((sc["scenario"], hook, lines))

    print()
    for _, hook in SERVICES:
        t = totals[hook]
        print("%-13s scenarios %d/%d passed, orders %d/%d right" % (hook, t["scen_ok"], t["scen"], t["ord_ok"], t["ord"]))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the scorer reports, it never fails the caller
        print("score.py error: %s" % e)
    sys.exit(0)
