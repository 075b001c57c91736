/// A module that instantiates the generic kernels (`TileLoop.product`,
/// `ParameterUpdate.apply`) for its own processor: BackpropCore for AVX2,
/// AVX512Kernels for AVX-512. Each passes one of its own types, which goes
/// into the name of its specialisation.
///
/// Why: specialisations of generic code are emitted by every module that
/// needs them, under a name made of the function and its type arguments,
/// and the linker keeps one copy per name. Were both modules to specialise
/// a kernel with the same types, the AVX2 instance could end up running the
/// copy compiled for AVX-512, and crash on machines without it. With the
/// instance in the name, the two copies cannot be confused;
/// `KernelInstanceTests` checks the machine code.
public protocol KernelInstance {}
