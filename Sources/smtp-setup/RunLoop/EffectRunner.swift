import Foundation
import SMTPProbe
import SMTPSettings
import Wizard

/// Carries out what the wizard asks for, off the UI thread, and posts the
/// results back as messages.
final class EffectRunner: @unchecked Sendable {
    /// The store in use: replaced once when the admin chooses one on the welcome step.
    private var currentStore: any SettingsStore
    private var store: any SettingsStore { lock.withLock { currentStore } }
    private let probeOptions: ProbeOptions
    private let inbox: Inbox
    private let lock = NSLock()
    /// Bumped by every test and every cancel: events of an older test are dropped.
    private var testGeneration = 0
    private var testTask: Task<Void, Never>?

    private let foremDir: String?
    /// `--owner`, for a store chosen on the welcome step.
    private let ownerFlag: StoreOwner?

    init(
        store: any SettingsStore, probeOptions: ProbeOptions, inbox: Inbox, foremDir: String? = nil,
        ownerFlag: StoreOwner? = nil
    ) {
        currentStore = store
        self.probeOptions = probeOptions
        self.inbox = inbox
        self.foremDir = foremDir
        self.ownerFlag = ownerFlag
    }

    func perform(_ effect: WizardEffect) {
        switch effect {
        case .runTest(let settings, let sendTo): runTest(settings, sendTo: sendTo)
        case .cancelTest: cancelTest()
        case .detect(let host, let port): detect(host, port: port)
        case .save(let settings, let revision, let owner): save(settings, basedOn: revision, owner: owner)
        case .overwriteChangedFile(let settings, let revision, let owner):
            save(settings, basedOn: revision, owner: owner, rereading: true)
        case .reload: reload()
        case .runAfterSave(let offer): runAfterSave(offer)
        case .openStore(let url): openStore(url)
        case .quit: break
        }
    }

    private func runTest(_ settings: MailSettings, sendTo: String?) {
        var options = probeOptions
        options.sendTo = sendTo
        // The test does what the application reading this store will do.
        let location = store.location
        options.follow(location.kind.delivery, heloSetting: location.applicationHeloName)
        let generation = nextGeneration()
        let inbox = inbox
        let task = Task.detached { [self, options] in
            // The last event, `.finished`, carries the outcome.
            _ = await SMTPProbe(options: options).run(settings) { event in
                if self.isCurrent(generation) { inbox.post(.probe(event)) }
            }
        }
        lock.withLock { testTask = task }
    }

    private func cancelTest() {
        _ = nextGeneration()
        lock.withLock { testTask?.cancel() }
    }

    private func nextGeneration() -> Int {
        lock.withLock {
            testGeneration += 1
            return testGeneration
        }
    }

    private func isCurrent(_ generation: Int) -> Bool { lock.withLock { testGeneration == generation } }

    private func detect(_ host: String, port: Int?) {
        let options = probeOptions
        let inbox = inbox
        var ports = PortDetector.defaultPorts
        if let port, !ports.contains(port) { ports.insert(port, at: 0) }
        Task.detached {
            let findings = await PortDetector(options: options, ports: ports).detect(
                host: HostSyntax.connectableHost(host))
            inbox.post(
                .detectFinished(
                    DetectFindings.lines(host: host, findings),
                    recommendation: PortDetector.recommend(findings)?.values ?? []))
        }
    }

    /// `rereading`: load the file first, taking in an outside change the admin chose to save over.
    private func save(_ settings: MailSettings, basedOn revision: Int, owner: String?, rereading: Bool = false) {
        var store = store
        let inbox = inbox
        if let owner {
            // The owner question's answer: a user that does not exist is said before anything is written.
            do {
                store = store.owned(by: try StoreOwner(parsing: owner))
            } catch {
                inbox.post(.saveFailed(.unknownOwner(owner, reason: error.description)))
                return
            }
        }
        Task.detached { [store] in
            do {
                if rereading { _ = try store.load() }
                if let entry = try store.save(settings, basedOn: revision, action: "wizard") {
                    inbox.post(.saved(entry, readability: store.readability(for: nil)))
                } else {
                    inbox.post(.savedUnchanged)
                }
            } catch let error as StoreError {
                inbox.post(.saveFailed(error))
            } catch {
                inbox.post(.saveFailed(.ioFailure(path: store.location.path, reason: "saving failed unexpectedly")))
            }
        }
    }

    /// Clears Forem's cache or runs the application's pick-up command: off
    /// the UI thread, both take a while.
    private func runAfterSave(_ offer: AfterSaveOffer) {
        let inbox = inbox
        let foremDir = foremDir
        Task.detached { inbox.post(.afterSaveRan(AfterSaveRunner.run(offer, foremDir: foremDir))) }
    }

    /// Opens the store chosen on the welcome step; from then on, saves go there.
    private func openStore(_ url: String) {
        let inbox = inbox
        let (ownerFlag, foremDir) = (ownerFlag, foremDir)
        Task.detached { [self] in
            do throws(StoreError) {
                let (store, opened) = try StoreChoices.open(
                    url, ownerFlag: ownerFlag, foremDir: foremDir, environment: ProcessInfo.processInfo.environment)
                lock.withLock { currentStore = store }
                inbox.post(.storeOpened(opened))
            } catch {
                inbox.post(.storeOpenFailed(error.description))
            }
        }
    }

    private func reload() {
        let store = store
        let inbox = inbox
        Task.detached {
            do {
                inbox.post(.reloaded(try store.load()))
            } catch let error as StoreError {
                inbox.post(.saveFailed(error))
            } catch {
                inbox.post(.saveFailed(.ioFailure(path: store.location.path, reason: "reading it failed unexpectedly")))
            }
        }
    }
}
