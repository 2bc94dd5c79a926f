import CNCursesW
import Wizard

/// How each meaning looks: colours where the terminal has them and
/// NO_COLOR is unset, otherwise attributes that still tell them apart.
struct StylePalette {
    private var attributes: [CellGrid.Style: (attr_t, Int16)] = [:]

    init(colour: Bool) {
        let bold = shim_a_bold()
        let reverse = shim_a_reverse()
        let underline = shim_a_underline()
        let dim = shim_a_dim()
        let normal = shim_a_normal()
        if colour {
            let pairs: [(CellGrid.Style, Int16, Int16, attr_t)] = [
                (.title, 1, Int16(COLOR_CYAN), bold),
                (.error, 2, Int16(COLOR_RED), bold),
                (.warning, 3, Int16(COLOR_YELLOW), bold),
                (.success, 4, Int16(COLOR_GREEN), bold),
                (.key, 5, Int16(COLOR_CYAN), normal),
            ]
            for (style, pair, foreground, extra) in pairs {
                init_pair(pair, foreground, -1)
                attributes[style] = (extra, pair)
            }
        } else {
            attributes[.title] = (bold, 0)
            attributes[.error] = (bold | underline, 0)
            attributes[.warning] = (bold, 0)
            attributes[.success] = (bold, 0)
            attributes[.key] = (bold, 0)
        }
        attributes[.normal] = (normal, 0)
        attributes[.dim] = (dim, 0)
        attributes[.selected] = (reverse, 0)
        attributes[.field] = (underline, 0)
        // What is typed shows plain, so echoing a key needs no attribute
        // change (ncurses ends every refresh in the normal attribute); the
        // room left in the field is underlined, like an unfocused field.
        attributes[.focusedField] = (normal, 0)
        attributes[.fieldRoom] = (underline, 0)
    }

    func attribute(_ style: CellGrid.Style) -> (attr_t, Int16) {
        attributes[style] ?? (shim_a_normal(), 0)
    }
}
