"""pydeephaven's table API beyond select/filter: import_table, aggregations, joins, update_by, input tables and the
server-wide scope (bind_table / open_table / session.tables / run_script). Values are checked against figures
computed here from the generated rows."""
import grpc
import pyarrow as pa
import pytest
from pydeephaven import DHError, agg
from pydeephaven.updateby import cum_sum, rolling_sum_tick

from support import eventually, grpc_status

N = 30


def keyed_rows(session):
    """K = i % 3, V = 2i + 1 for i in [0, N)."""
    return session.empty_table(N).update(["K = i % 3", "V = 2 * i + 1"])


def sums_by_key():
    sums = {}
    for i in range(N):
        sums[i % 3] = sums.get(i % 3, 0) + 2 * i + 1
    return sums


def test_import_table_uploads_arrow_data_usable_like_any_table(connect):
    session = connect()
    data = pa.table({
        "Id": pa.array(range(500), type=pa.int64()),
        "Price": pa.array([i * 0.25 for i in range(500)], type=pa.float64()),
        "Sym": pa.array([None if i % 10 == 0 else f"s{i % 7}" for i in range(500)], type=pa.string()),
    })
    imported = session.import_table(data)
    assert imported.size == 500
    assert imported.to_arrow().column("Sym").to_pylist() == data.column("Sym").to_pylist()
    total = imported.view(["Price"]).sum_by().to_arrow().column("Price").to_pylist()
    assert total == [pytest.approx(sum(i * 0.25 for i in range(500)))]


def test_agg_by_count_by_and_sum_by(connect):
    session = connect()
    rows = keyed_rows(session)
    result = rows.agg_by([agg.sum_(cols=["Total = V"]), agg.avg(cols=["Mean = V"]), agg.count_(col="Rows"),
                          agg.max_(cols=["Top = V"])], by=["K"]).sort(["K"]).to_arrow()
    sums = sums_by_key()
    assert result.column("Total").to_pylist() == [sums[0], sums[1], sums[2]]
    assert result.column("Mean").to_pylist() == [pytest.approx(sums[k] / 10) for k in range(3)]
    assert result.column("Rows").to_pylist() == [10, 10, 10]
    assert result.column("Top").to_pylist() == [55, 57, 59]
    counted = rows.count_by(col="C", by=["K"]).sort(["K"]).to_arrow()
    assert counted.column("C").to_pylist() == [10, 10, 10]
    summed = rows.sum_by(by=["K"]).sort(["K"]).to_arrow()
    assert summed.column("V").to_pylist() == [sums[0], sums[1], sums[2]]
    heads = rows.head_by(1, by=["K"]).to_arrow()
    assert heads.column("V").to_pylist() == [1, 3, 5]


def test_join_and_aj(connect):
    session = connect()
    left = session.empty_table(3).update(["A = i"])
    right = session.empty_table(2).update(["B = i * 10"])
    crossed = left.join(right).to_arrow()
    assert sorted(zip(crossed.column("A").to_pylist(), crossed.column("B").to_pylist())) == [
        (a, b) for a in range(3) for b in (0, 10)]
    quotes = session.empty_table(5).update(["T = i * 10", "Bid = i * 100"])
    trades = session.empty_table(3).update(["T = 5 + i * 12"])  # 5, 17, 29
    assert trades.aj(quotes, on=["T"], joins=["Bid"]).to_arrow().column("Bid").to_pylist() == [0, 100, 200]
    assert trades.raj(quotes, on=["T"], joins=["Bid"]).to_arrow().column("Bid").to_pylist() == [100, 200, 300]


def test_update_by_cumulative_and_rolling(connect):
    session = connect()
    out = keyed_rows(session).update_by([cum_sum(cols=["Cum = V"]), rolling_sum_tick(cols=["Pair = V"], rev_ticks=2)],
                                        by=["K"]).to_arrow()
    cumulative = [0, 0, 0]
    previous = [0, 0, 0]
    for i in range(N):
        value = 2 * i + 1
        cumulative[i % 3] += value
        assert out.column("Cum")[i].as_py() == cumulative[i % 3]
        assert out.column("Pair")[i].as_py() == value + previous[i % 3]
        previous[i % 3] = value


def test_bad_input_is_refused_with_the_reason(connect, server_kind):
    session = connect()
    with pytest.raises(DHError) as refused:
        keyed_rows(session).agg_by([agg.sum_(cols=["S = Missing"])], by=["K"])
    assert grpc_status(refused.value) == grpc.StatusCode.INVALID_ARGUMENT
    if server_kind == "embedded":  # the real server answers "Details Logged w/ID ..." instead of the reason
        assert "Missing" in str(refused.value.__cause__ or refused.value)


def test_input_table_add_and_delete(connect):
    session = connect()
    schema = pa.schema([("Sym", pa.string()), ("Qty", pa.int32())])
    keyed = session.input_table(schema=schema, key_cols=["Sym"])
    keyed.add(session.import_table(pa.table({"Sym": ["A", "B"], "Qty": pa.array([1, 2], type=pa.int32())})))
    keyed.add(session.import_table(pa.table({"Sym": ["A"], "Qty": pa.array([9], type=pa.int32())})))
    assert eventually(lambda: sorted(keyed.to_arrow().column("Qty").to_pylist()) == [2, 9])
    keyed.delete(session.import_table(pa.table({"Sym": ["B"]})))
    assert eventually(lambda: keyed.to_arrow().column("Sym").to_pylist() == ["A"])
    appended = session.input_table(schema=schema)
    appended.add(session.import_table(pa.table({"Sym": ["X"], "Qty": pa.array([1], type=pa.int32())})))
    appended.add(session.import_table(pa.table({"Sym": ["X"], "Qty": pa.array([1], type=pa.int32())})))
    assert eventually(lambda: appended.to_arrow().num_rows == 2)


def test_bind_table_then_open_table_in_another_session(connect):
    binder = connect()
    binder.bind_table("pytest_squares", binder.empty_table(4).update(["X = i * i"]))
    reader = connect()
    assert reader.open_table("pytest_squares").to_arrow().column("X").to_pylist() == [0, 1, 4, 9]
    assert "pytest_squares" in reader.tables


def test_run_script_is_refused_by_default(connect, server_kind):
    """The embedded server runs Groovy consoles, and scripts only with its formula allow list off (a script is
    arbitrary code the allow list cannot vet); by default run_script is PERMISSION_DENIED. Python consoles are
    UNIMPLEMENTED. ConsoleScopeTest runs Groovy scripts on a server with the allow list off."""
    if server_kind != "embedded":
        pytest.skip("the real server under test runs Python scripts")
    with pytest.raises(DHError) as python:
        connect().run_script("x = 1")
    assert grpc_status(python.value) == grpc.StatusCode.UNIMPLEMENTED
    with pytest.raises(DHError) as groovy:
        connect(session_type="groovy").run_script('pytest_evens = emptyTable(10).update("X = i * 2")')
    assert grpc_status(groovy.value) == grpc.StatusCode.PERMISSION_DENIED
