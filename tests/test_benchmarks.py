"Smoke tests of benchmark scripts that cannot run for real in CI (no GPU there): their CPU paths must not crash."
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'benchmarks'))


def test_gpu_check_cpu_quick(capsys):
    import gpu_check
    assert gpu_check.main(['--cpu', '--quick']) == 0
    out = capsys.readouterr().out
    assert 'device: CPU' in out and '24^3' in out and 'ms/step' in out


def test_step_overhead_quick(capsys, monkeypatch):
    import step_overhead
    monkeypatch.setattr(sys, 'argv', ['step_overhead.py', '--quick', '--patch', '32,32,32'])
    step_overhead.main()
    out = capsys.readouterr().out
    assert 'supernet / child:' in out and 's/step' in out and "where child's step goes" in out
