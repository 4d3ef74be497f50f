export { Alert, ErrorAlert } from "./alert";
export { Button } from "./button";
export { ConfirmDialog, Dialog } from "./dialog";
export { Checkbox, CheckboxGroup, FormGroup, Select, TextArea, TextInput } from "./form";
export { SkipLink } from "./skip-link";
export { Loading } from "./spinner";
export { StatusTag } from "./status-tag";
export { Table } from "./table";
