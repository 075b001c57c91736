"""Registers the bplab kernel with Jupyter: a kernel.json that starts `python3 -m bplab_kernel`."""

import argparse
import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager


def kernel_spec(bplab=None):
    """The kernel.json: this Python runs the kernel; `bplab` (a path) is the program it drives."""
    spec = {
        "argv": [sys.executable, "-m", "bplab_kernel", "-f", "{connection_file}"],
        "display_name": "bplab",
        "language": "bplab",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    if bplab:
        spec["env"] = {"BPLAB": os.path.abspath(bplab)}
    return spec


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m bplab_kernel install",
                                     description="Register the bplab kernel with Jupyter.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user (the default)")
    where.add_argument("--sys-prefix", action="store_true",
                       help="in this Python's prefix (a virtual environment's own Jupyter)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    parser.add_argument("--bplab", help="the bplab program to run (default: $BPLAB, else bplab on PATH)")
    args = parser.parse_args(argv)
    prefix = sys.prefix if args.sys_prefix else args.prefix
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as file:
            json.dump(kernel_spec(args.bplab), file, indent=1)
        path = KernelSpecManager().install_kernel_spec(folder, "bplab", user=prefix is None, prefix=prefix)
    print(f"installed the bplab kernel in {path}")
