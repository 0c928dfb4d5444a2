package io.kiemp4drop.config;

import io.kiemp4drop.store.AccountGate;
import io.kiemp4drop.store.CallbackLedger;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.DeliveryTransitions;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.FinalStates;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.Lease;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.ObjectNames;
import io.kiemp4drop.store.PollTransitions;
import io.kiemp4drop.store.SchemaMigration;
import io.kiemp4drop.store.TaskQueue;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.store.TaskRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The parts of the task store, each over the same database and lease. */
public class StorePartBeans implements CamelConfiguration {

    @BindToRegistry("schemaMigration")
    public SchemaMigration schemaMigration(Database database) {
        return new SchemaMigration(database);
    }

    @BindToRegistry("taskRegistry")
    public TaskRegistry taskRegistry(Database database) {
        return new TaskRegistry(database);
    }

    @BindToRegistry("taskQueue")
    public TaskQueue taskQueue(Database database, Lease lease) {
        return new TaskQueue(database, lease);
    }

    @BindToRegistry("objectNames")
    public ObjectNames objectNames(Database database) {
        return new ObjectNames(database);
    }

    @BindToRegistry("taskReads")
    public TaskReads taskReads(Database database) {
        return new TaskReads(database);
    }

    @BindToRegistry("pollTransitions")
    public PollTransitions pollTransitions(Database database, Lease lease) {
        return new PollTransitions(database, lease);
    }

    /** Notifications are owed with each final state only when kie.notify.uri names an endpoint. */
    @BindToRegistry("notificationOutbox")
    public NotificationOutbox notificationOutbox(Database database, Lease lease, @PropertyInject("kie.notify.uri") String notifyUri) {
        NotificationOutbox outbox = new NotificationOutbox(database, lease);
        outbox.enable(!notifyUri.isBlank());
        return outbox;
    }

    @BindToRegistry("deliveryTransitions")
    public DeliveryTransitions deliveryTransitions(Database database, Lease lease, NotificationOutbox outbox) {
        return new DeliveryTransitions(database, lease, outbox);
    }

    @BindToRegistry("finalStates")
    public FinalStates finalStates(Database database, Lease lease, NotificationOutbox outbox) {
        return new FinalStates(database, lease, outbox);
    }

    @BindToRegistry("accountGate")
    public AccountGate accountGate(Database database) {
        return new AccountGate(database);
    }

    @BindToRegistry("generationLedger")
    public GenerationLedger generationLedger(Database database, Lease lease) {
        return new GenerationLedger(database, lease);
    }

    @BindToRegistry("callbackLedger")
    public CallbackLedger callbackLedger(Database database) {
        return new CallbackLedger(database);
    }

    @BindToRegistry("downloads")
    public Downloads downloads(Database database) {
        return new Downloads(database);
    }
}
