import BackpropCore

/// What commands need before they can run, with errors that say what to do first.
extension CommandContext {
    public func requireNetwork() throws -> Network {
        guard let network = state.network else {
            throw LabError("no network yet: build one first, e.g. `net 2 4:tanh 1:sigmoid`")
        }
        guard network.depth > 0 else {
            throw LabError("the network has no layers yet: add one with `layer 1 sigmoid`")
        }
        return network
    }

    public func requireData() throws -> LabData {
        guard let data = state.data, !data.train.isEmpty else {
            throw LabError("no data yet: load some first, e.g. `data xor` or `load FILE.csv`")
        }
        return data
    }

    /// The network and data, checked to fit each other.
    public func requireNetworkAndData() throws -> (Network, LabData) {
        let network = try requireNetwork()
        let data = try requireData()
        try network.checkFits(data.train)
        return (network, data)
    }
}
