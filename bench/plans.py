"""Query plans of what a call runs: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of each query,
which indexes it uses and whether it reads a large table by a sequential scan."""

import json


def plan_nodes(plan):
    """Every node of an EXPLAIN (FORMAT JSON) plan, depth first."""
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    return document[0] if isinstance(document, list) else json.loads(document)[0]


def explain_calls(action):
    """EXPLAIN ANALYZE of each query `action` runs: [(sql, plan summary, plan)]."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    explained = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = explain(sql)
        nodes = list(plan_nodes(plan["Plan"]))
        accesses = sorted(
            {
                (node["Node Type"], node.get("Relation Name", ""), node.get("Index Name", ""))
                for node in nodes
                if "Scan" in node["Node Type"] and node["Node Type"] != "Subquery Scan"
            }
        )
        explained.append(
            {
                "sql": sql,
                "execution_ms": plan["Execution Time"],
                "accesses": accesses,
                "seq_scans": sorted(
                    {node.get("Relation Name") for node in nodes if node["Node Type"] == "Seq Scan"}
                ),
                "plan": plan,
            }
        )
    return explained


def print_plans(title, explained, large_tables):
    print(f"\n{title}: {len(explained)} queries")
    for number, item in enumerate(explained, 1):
        large = [table for table in item["seq_scans"] if table in large_tables]
        verdict = (
            f"SEQ SCAN of {', '.join(large)}" if large else "no sequential scan of a large table"
        )
        print(f"  {number}. {item['execution_ms']:.2f} ms, {verdict}")
        for node, relation, index in item["accesses"]:
            print(f"     {node} {relation} {('using ' + index) if index else ''}".rstrip())
