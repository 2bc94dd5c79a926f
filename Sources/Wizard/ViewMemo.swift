import SMTPSettings

/// What the last frame was built from, kept by a front end that draws frame
/// after frame, so that the next frame rebuilds only the parts whose inputs
/// changed: on a typed key, the field typed into and its row on the screen.
/// Each part is a function of the inputs it is kept with, so a frame built
/// with a memo is the frame built without one (the tests hold them equal).
public struct ViewMemo {
    /// Held by reference and never changed: looking one up copies a pointer, not all it holds.
    final class Entry<Inputs: Equatable, Value> {
        let inputs: Inputs
        let value: Value

        init(inputs: Inputs, value: Value) {
            self.inputs = inputs
            self.value = value
        }
    }

    var frame: Canvas.Frame?
    var progress: Entry<Screen.ProgressInputs, Line>?
    var helpLine: Entry<Screen.HelpLineInputs, Line>?
    var form: Entry<FormScreen.Surroundings, (above: [Line], below: [Line])>?
    /// One entry a setting: as many as there are fields.
    var fields: [SettingKey: Entry<FormField, [Line]>] = [:]

    public init() {}

    /// The value kept in `slot` if it was made from these inputs; else made now and kept.
    mutating func remember<Inputs: Equatable, Value>(
        _ inputs: Inputs, _ slot: WritableKeyPath<ViewMemo, Entry<Inputs, Value>?>, make: (Inputs) -> Value
    ) -> Value {
        if let entry = self[keyPath: slot], entry.inputs == inputs { return entry.value }
        let value = make(inputs)
        self[keyPath: slot] = Entry(inputs: inputs, value: value)
        return value
    }

    /// A field's rows, kept by its setting.
    mutating func remember(_ field: FormField, for key: SettingKey) -> [Line] {
        if let entry = fields[key], entry.inputs == field { return entry.value }
        let lines = field.lines
        fields[key] = Entry(inputs: field, value: lines)
        return lines
    }
}
