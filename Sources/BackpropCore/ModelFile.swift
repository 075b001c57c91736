import Foundation

/// The model file: a network as JSON, readable by people and other tools.
///
///     {
///       "format": "bplab-model", "version": 1,
///       "inputSize": 2, "loss": "mse",
///       "layers": [
///         { "size": 4, "activation": "tanh",
///           "weights": [[w(0,0), w(0,1), …], …],   // weights[i][j] = W[i,j]: from input i to neuron j, 0-based
///           "biases": [b(0), …] }
///       ],
///       "rawInputSize": 2, "features": ["x1", "x2", "x1^2", "x1*x2"],       // optional
///       "normalization": { "kind": "zscore", "offset": […], "scale": […] }   // optional
///       "classNames": ["setosa", "versicolor", "virginica"],                  // optional
///       "frozen": ["b1", "w2[1,1]"]                                             // optional
///     }
///
/// A raw input of `rawInputSize` values becomes the network's `inputSize`
/// inputs through `features` (when given), then `normalization` (when given).
/// `frozen` names the parameters `step` and `train` leave as they are (a
/// whole layer's W or b by its layer name), so a loaded model trains as it did.
/// The optional fields came after version 1's first files, which still load.
/// Doubles are written in their shortest round-trip form, so loading a saved
/// model gives back the same bits.
public struct ModelFile: Codable, Equatable, Sendable {
    public struct Layer: Codable, Equatable, Sendable {
        public var size: Int
        public var activation: String
        public var weights: [[Double]]
        public var biases: [Double]
    }

    public static let formatName = "bplab-model"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var inputSize: Int
    public var loss: String
    public var layers: [Layer]
    /// Raw values per sample when `features` computes the inputs from them.
    public var rawInputSize: Int?
    /// Input features over x1 … x<rawInputSize>, as `features` takes them.
    public var features: [String]?
    public var normalization: Normalization?
    /// What each output stands for (two names for a single 0/1 output).
    public var classNames: [String]?
    /// The frozen parameters, in the user's names (`FrozenParameters.names`).
    public var frozen: [String]?

    public init(_ network: Network) {
        self.init(describing: network)
        layers = network.layers.indices.map { l in
            Layer(size: network.layers[l].outputs, activation: network.layers[l].activation.rawValue,
                  weights: network.weights(l).rowArrays, biases: network.biases(l))
        }
    }

    /// Everything but the layers' numbers, which `write` takes from the network itself.
    private init(describing network: Network) {
        format = ModelFile.formatName
        version = ModelFile.currentVersion
        inputSize = network.inputSize
        loss = network.loss.rawValue
        layers = []
        let mapping = network.inputMapping
        if !mapping.features.isEmpty {
            rawInputSize = mapping.rawInputs
            features = mapping.features.map(\.description)
        }
        normalization = mapping.normalization
        classNames = network.classNames.isEmpty ? nil : network.classNames
        frozen = network.frozen.isEmpty ? nil : network.frozen.names(in: network)
    }

    /// JSON text of `network`, all of it at once (small models, tests).
    public static func encode(_ network: Network) throws -> Data {
        var data = Data()
        try write(network) { data.append(contentsOf: $0.utf8) }
        return data
    }

    /// Writes `network` as JSON text in pieces of about `pieceBytes`, one
    /// weight row per line in a fixed key order (stable diffs). A model of
    /// any size is saved without holding its text, and the writer may stop
    /// between pieces (Ctrl-C); a JSON encoder would hold every number as an
    /// object and as text, about 180 bytes a parameter. Numbers are Swift's
    /// shortest round-trip form, so loading gives back the same bits.
    public static func write(_ network: Network, pieceBytes: Int = 1 << 16, to emit: (String) throws -> Void) throws {
        guard network.parameters.allSatisfy(\.isFinite) else {
            throw CoreError.nonFinite("the network has non-finite parameters and cannot be saved")
        }
        let file = ModelFile(describing: network)
        var text = ""
        func flush(_ force: Bool = false) throws {
            if force || text.utf8.count >= pieceBytes { try emit(text); text = "" }
        }
        func numbers(_ values: ArraySlice<Double>) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        text += "{\n  \"format\": \(try json(file.format)),\n  \"version\": \(file.version),\n"
        text += "  \"inputSize\": \(file.inputSize),\n  \"loss\": \(try json(file.loss)),\n  \"layers\": ["
        for (l, layer) in network.layers.enumerated() {
            text += (l == 0 ? "\n" : ",\n") + "    {\n      \"size\": \(layer.outputs), \"activation\": \(try json(layer.activation.rawValue)),\n"
            text += "      \"weights\": ["
            for i in 0..<layer.inputs {
                let row = layer.weightIndex(from: i, to: 0)
                text += (i == 0 ? "\n" : ",\n") + "        " + numbers(network.parameters[row..<(row + layer.outputs)])
                try flush()
            }
            let biases = layer.biasIndex(0)
            text += "\n      ],\n      \"biases\": \(numbers(network.parameters[biases..<(biases + layer.outputs)]))\n    }"
            try flush()
        }
        text += "\n  ]"
        if let rawInputSize = file.rawInputSize { text += ",\n  \"rawInputSize\": \(rawInputSize)" }
        if let features = file.features { text += ",\n  \"features\": \(try json(features))" }
        if let normalization = file.normalization { text += ",\n  \"normalization\": \(try json(normalization))" }
        if let classNames = file.classNames { text += ",\n  \"classNames\": \(try json(classNames))" }
        if let frozen = file.frozen { text += ",\n  \"frozen\": \(try json(frozen))" }
        text += "\n}\n"
        try flush(true)
    }

    /// One small value (a name, a list of names, the scaling) as compact JSON.
    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Reads a network from JSON text; every problem is a `CoreError.malformedModel`.
    public static func decode(_ data: Data) throws -> Network {
        let file: ModelFile
        do {
            file = try JSONDecoder().decode(ModelFile.self, from: data)
        } catch let error as DecodingError {
            let message = describe(error)
            throw CoreError.malformedModel(message == "not valid JSON" ? outOfRange(in: data) ?? message : message)
        } catch {
            throw CoreError.malformedModel(outOfRange(in: data) ?? "not valid JSON")
        }
        return try file.network()
    }

    /// The first number of a JSON text that no Double or whole number can hold
    /// (1e309, 2^63 as a size), described with its line; nil when there is none.
    /// The decoder reports those as "not valid JSON", which sends people looking for a typo.
    static func outOfRange(in data: Data) -> String? {
        var line = 1, inString = false, escaped = false, index = data.startIndex
        let numberBytes = Set("0123456789+-.eE".utf8)
        while index < data.endIndex {
            let byte = data[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let end = data[index...].firstIndex { !numberBytes.contains($0) } ?? data.endIndex
                let token = String(decoding: data[index..<end], as: UTF8.self)
                let whole = !token.contains { ".eE".contains($0) }
                if let value = Double(token), !value.isFinite {
                    return "line \(line): the number \(token.prefix(40)) is beyond the range of a double (about ±1.8e308)"
                } else if whole && Int(token) == nil && Double(token) != nil {
                    return "line \(line): the whole number \(token.prefix(40)) is too large (sizes go up to \(Int.max))"
                }
                index = end
                continue
            }
            if byte == 0x0A { line += 1 }
            index = data.index(after: index)
        }
        return nil
    }

    /// Checks the file's contents and builds the network.
    public func network() throws -> Network {
        guard format == ModelFile.formatName else {
            throw CoreError.malformedModel("\"format\" is '\(format)', expected '\(ModelFile.formatName)'")
        }
        guard version == ModelFile.currentVersion else {
            throw CoreError.malformedModel("version \(version) is not supported (this bplab reads version \(ModelFile.currentVersion))")
        }
        let lossValue: Loss
        var specs: [(outputs: Int, activation: Activation)] = []
        do {
            lossValue = try Loss(name: loss)
            for layer in layers { specs.append((layer.size, try Activation(name: layer.activation))) }
        } catch let error as CoreError {
            throw CoreError.malformedModel(error.description)
        }
        var network: Network
        do {
            network = try Network(inputSize: inputSize, layers: specs, loss: lossValue)
        } catch let error as CoreError {
            throw CoreError.malformedModel(error.description)
        }
        for (l, layer) in layers.enumerated() {
            let shape = network.layers[l]
            guard layer.weights.count == shape.inputs, layer.weights.allSatisfy({ $0.count == shape.outputs }) else {
                throw CoreError.malformedModel("layer \(l + 1): weights must be \(shape.inputs) rows of \(shape.outputs) values")
            }
            guard layer.biases.count == shape.outputs else {
                throw CoreError.malformedModel("layer \(l + 1): biases must have \(shape.outputs) values, found \(layer.biases.count)")
            }
            for i in 0..<shape.inputs {
                for j in 0..<shape.outputs { network.parameters[shape.weightIndex(from: i, to: j)] = layer.weights[i][j] }
            }
            for j in 0..<shape.outputs { network.parameters[shape.biasIndex(j)] = layer.biases[j] }
        }
        guard network.parameters.allSatisfy(\.isFinite) else {
            throw CoreError.malformedModel("weights and biases must be finite numbers")
        }
        network.inputMapping = try inputMapping()
        if let classNames {
            guard classNames.count == network.outputSize || network.outputSize == 1 && classNames.count == 2 else {
                throw CoreError.malformedModel("classNames must name each of the \(network.outputSize) outputs (or two classes for one 0/1 output)")
            }
            network.classNames = classNames
        }
        network.frozen.insert(try frozenIndices(in: network))
        return network
    }

    /// The parameters `frozen` names, as indices into `network.parameters`.
    private func frozenIndices(in network: Network) throws -> [Int] {
        try (frozen ?? []).flatMap { name in
            let indices: [Int]
            do { indices = try ParameterReference(parsing: name, in: network).parameterIndices(in: network) } catch let error as CoreError {
                throw CoreError.malformedModel("frozen: \(error.description)")
            }
            guard !indices.isEmpty else { throw CoreError.malformedModel("frozen: '\(name)' is an input, not a weight or bias") }
            return indices
        }
    }

    /// The features and scaling, checked against the input size.
    private func inputMapping() throws -> InputMapping {
        var mapping = InputMapping(rawInputs: inputSize)
        if let features {
            guard let rawInputSize, (1...Network.maximumWidth).contains(rawInputSize) else {
                throw CoreError.malformedModel("features need \"rawInputSize\", the number of raw values per sample")
            }
            guard features.count == inputSize else {
                throw CoreError.malformedModel("\(features.count) features for \(inputSize) inputs")
            }
            mapping.rawInputs = rawInputSize
            do {
                mapping.features = try features.map { try FeatureTransform(parsing: $0, columns: rawInputSize) }
            } catch let error as CoreError {
                throw CoreError.malformedModel("features: \(error.description)")
            }
        } else if rawInputSize != nil && rawInputSize != inputSize {
            throw CoreError.malformedModel("rawInputSize differs from inputSize but there are no features")
        }
        if let normalization {
            guard normalization.offset.count == inputSize, normalization.scale.count == inputSize else {
                throw CoreError.malformedModel("normalization needs \(inputSize) offsets and scales")
            }
            guard (normalization.offset + normalization.scale).allSatisfy(\.isFinite),
                  normalization.scale.allSatisfy({ $0 != 0 }) else {
                throw CoreError.malformedModel("normalization offsets and scales must be finite, scales non-zero")
            }
            mapping.normalization = normalization
        }
        return mapping
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top level" : "at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing \"\(key.stringValue)\" \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "wrong type \(path(context)): \(context.debugDescription)"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "unreadable"
        }
    }
}
