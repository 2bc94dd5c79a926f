import SMTPSettings
import Testing

@testable import Wizard

/// A frame built from the last frame's parts is the frame built from
/// nothing: for every state a long walk of keys, resizes and results reaches.
@Suite struct ViewMemoTests {
    /// Typing most often, then moving and everything else; a test only now and then (it waits for a server).
    static let keys: [Key] =
        Array(repeating: "ab.5 é日-".map { Key.character($0) }, count: 3).flatMap { $0 } + [
            .backspace, .delete, .tab, .backTab, .up, .down, .left, .right, .home, .end, .enter, .escape,
            .pageUp, .pageDown, .control("r"), .control("u"), .control("w"), .function(1), .character("?"),
            .character("y"), .character("n"), .paste("smtp.sendgrid.net"), .paste("apikey"), .tab, .enter,
        ]
    static let sizes = [
        Size.standard, Size(width: 60, height: 16), Size(width: 59, height: 24), Size(width: 132, height: 43),
        Size(width: 70, height: 20),
    ]

    /// A small generator with a seed, so a failure names the walk that found it.
    struct Walk {
        var seed: UInt64
        mutating func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
    }

    static let starts = ["fresh", "ascii", "existing", "edited", "server", "login"]

    static func start(_ name: String) -> WizardState {
        switch name {
        case "ascii": fresh(charset: .ascii)
        case "existing": fresh(existingStore())
        case "edited": editedExisting()
        case "server": at(.server)
        case "login": at(.authentication)
        default: fresh()
        }
    }

    @Test(arguments: 0..<starts.count)
    func aFrameFromTheLastFramesPartsIsTheFrameFromNothing(_ start: Int) {
        for seed in 1...12 {
            var walk = Walk(seed: UInt64(seed * 7919 + start))
            var state = Self.start(Self.starts[start])
            var memo = ViewMemo()
            for step in 0..<300 {
                let roll = walk.next(100)
                if roll < 3 {
                    _ = update(&state, .resized(Self.sizes[walk.next(Self.sizes.count)]))
                } else if roll < 5 {
                    _ = update(&state, .tick)
                } else if roll < 8 {
                    // Another state altogether, with the memo of this one.
                    state = Self.start(Self.starts[walk.next(Self.starts.count)])
                } else if roll < 9 {
                    _ = update(&state, .key(.control("t")))
                } else {
                    _ = update(&state, .key(Self.keys[walk.next(Self.keys.count)]))
                }
                let remembered = view(state, memo: &memo)
                let fromNothing = view(state)
                guard remembered == fromNothing else {
                    let walkPoint = "\(Self.starts[start]), seed \(seed), message \(step)"
                    Issue.record(
                        "\(walkPoint): the frame differs\nremembered:\n\(remembered.text)\nfrom nothing:\n\(fromNothing.text)"
                    )
                    return
                }
            }
        }
    }

    /// The walk reaches the form steps and types there, or it would prove little.
    @Test func theWalkTypesIntoFields() {
        var walk = Walk(seed: 1)
        var state = at(.server)
        var typedOnAForm = 0
        for _ in 0..<300 {
            if walk.next(100) < 8 { state = Self.start(Self.starts[walk.next(Self.starts.count)]) }
            let key = Self.keys[walk.next(Self.keys.count)]
            if case .character = key, [.server, .authentication, .sender].contains(state.step), state.focus != nil,
                state.prompt == nil, state.help == nil
            {
                typedOnAForm += 1
            }
            _ = update(&state, .key(key))
        }
        #expect(typedOnAForm > 20)
    }
}
