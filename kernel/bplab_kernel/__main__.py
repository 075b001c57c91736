"""`python3 -m bplab_kernel install …` registers the kernel; without `install`, Jupyter starts it."""

import sys


def main() -> None:
    if sys.argv[1:2] == ["install"]:
        from .install import main as install

        install(sys.argv[2:])
        return
    from ipykernel.kernelapp import IPKernelApp

    from .kernel import BplabKernel

    IPKernelApp.launch_instance(kernel_class=BplabKernel)


if __name__ == "__main__":
    main()
