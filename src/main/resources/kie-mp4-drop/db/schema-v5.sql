-- object names (kie.object-name) given to tasks when first published: a name stays with its task, and no two
-- tasks share one
CREATE TABLE IF NOT EXISTS kie_object_name (
    name    VARCHAR(1024) PRIMARY KEY,
    task_id VARCHAR(128)  NOT NULL UNIQUE
);
